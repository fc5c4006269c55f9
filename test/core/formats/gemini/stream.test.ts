import { describe, expect, it } from "vitest";
import { gemini } from "../../../../workers/core/formats/gemini/index.ts";
import type { IrStreamPart } from "../../../../workers/core/ir/stream-part.ts";
import { emptyUsage, type Usage } from "../../../../workers/core/ir/usage.ts";
import streamFixture from "../../../fixtures/gemini/stream-thoughts-text-function-call.sse?raw";
import { chunkedStream } from "../../../helpers/mock-upstream.ts";
import { collect, irStream, sseData } from "../stream-test-utils.ts";

const AWKWARD_SIZES = [1, 7, 64, 3, 250, 13];
const SIGNATURE = "CiQB0e2Kb3dRh1L7a0VJ3p9xQyQ4dHcGvS2mN8aT1uE6wXo=";
const context = { model: "team-gemini", responseId: "resp_01JD8Q4M2X" };

function decode(text: string, chunkSizes: number[]): Promise<IrStreamPart[]> {
  return collect(chunkedStream(text, chunkSizes).pipeThrough(gemini.createStreamDecoder()));
}

async function encode(parts: IrStreamPart[]): Promise<unknown[]> {
  const bytes = await collect(irStream(parts).pipeThrough(gemini.createStreamEncoder(context)));
  return sseData(bytes).map((data) => JSON.parse(data));
}

describe("gemini stream decoder", () => {
  it("decodes thoughts, text, then signed parallel function calls, with usage from the last event", async () => {
    const parts = await decode(streamFixture, AWKWARD_SIZES);
    expect(parts).toEqual([
      { type: "response-start", id: "mVMkaOqCJ9Kv1dkPq4KKuAU", model: "gemini-3-pro-preview" },
      { type: "reasoning-start", index: 0 },
      { type: "reasoning-delta", index: 0, delta: "**Planning the lookup**\n\nThe user wants the weather" },
      { type: "reasoning-delta", index: 0, delta: " and the time in Paris — both tools can run in parallel." },
      { type: "reasoning-end", index: 0 },
      { type: "text-start", index: 1 },
      { type: "text-delta", index: 1, delta: "I'll check the weather" },
      { type: "text-delta", index: 1, delta: " and the local time in Paris." },
      { type: "text-end", index: 1 },
      { type: "reasoning-start", index: 2 },
      { type: "reasoning-signature", index: 2, signature: SIGNATURE },
      { type: "reasoning-end", index: 2 },
      { type: "tool-call-start", index: 3, id: "call_mVMkaOqCJ9Kv1dkPq4KKuAU_0", name: "get_weather" },
      { type: "tool-call-delta", index: 3, argumentsDelta: '{"city":"Paris","unit":"celsius"}' },
      { type: "tool-call-end", index: 3 },
      { type: "tool-call-start", index: 4, id: "call_mVMkaOqCJ9Kv1dkPq4KKuAU_1", name: "get_time" },
      { type: "tool-call-delta", index: 4, argumentsDelta: '{"timezone":"Europe/Paris"}' },
      { type: "tool-call-end", index: 4 },
      {
        type: "finish",
        finishReason: "tool-calls",
        rawFinishReason: "STOP",
        usage: {
          inputTokens: { total: 4120, noCache: 2072, cacheRead: 2048, cacheWrite: 0 },
          outputTokens: { total: 301, text: 58, reasoning: 243 },
          raw: expect.objectContaining({ thoughtsTokenCount: 243 }),
        },
      },
    ]);
    expect(await decode(streamFixture, [1])).toEqual(parts);
  });

  it("closes open blocks and reports an error when the bytes end before a finishReason", async () => {
    const cut = streamFixture.split("\r\n\r\n").slice(0, 3).join("\r\n\r\n");
    const parts = await decode(cut, [11]);
    expect(parts.slice(-4)).toEqual([
      { type: "text-delta", index: 1, delta: "I'll check the weather" },
      { type: "text-end", index: 1 },
      { type: "error", code: "upstream_error", message: "The upstream stream ended before a finish reason." },
      {
        type: "finish",
        finishReason: "error",
        usage: expect.objectContaining({ inputTokens: { total: 4120, noCache: 2072, cacheRead: 2048, cacheWrite: 0 } }),
      },
    ]);
  });

  it("turns Google's error envelope mid-stream into error + finish", async () => {
    const first = streamFixture.split("\r\n\r\n")[0];
    const text = `${first}\r\n\r\ndata: {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}\r\n\r\n`;
    const parts = await decode(text, [5]);
    expect(parts.slice(-3)).toEqual([
      { type: "reasoning-end", index: 0 },
      { type: "error", code: "upstream_error", message: "The upstream provider reported an error during the stream." },
      { type: "finish", finishReason: "error", usage: expect.any(Object) },
    ]);
  });
});

describe("gemini stream encoder", () => {
  const usage: Usage = {
    inputTokens: { total: 4120, noCache: 2072, cacheRead: 2048, cacheWrite: 0 },
    outputTokens: { total: 301, text: 58, reasoning: 243 },
  };
  const event = (parts: unknown[]) => ({
    candidates: [{ content: { role: "model", parts }, index: 0 }],
    modelVersion: "team-gemini",
    responseId: "mVMkaOqCJ9Kv1dkPq4KKuAU",
  });

  it("re-encodes a decoded Gemini stream as Gemini events, signature back on its function call", async () => {
    const encoded = chunkedStream(streamFixture, [9, 40])
      .pipeThrough(gemini.createStreamDecoder())
      .pipeThrough(gemini.createStreamEncoder(context));
    const events = sseData(await collect(encoded)).map((data) => JSON.parse(data));
    expect(events).toEqual([
      event([{ text: "**Planning the lookup**\n\nThe user wants the weather", thought: true }]),
      event([{ text: " and the time in Paris — both tools can run in parallel.", thought: true }]),
      event([{ text: "I'll check the weather" }]),
      event([{ text: " and the local time in Paris." }]),
      event([
        {
          functionCall: {
            id: "call_mVMkaOqCJ9Kv1dkPq4KKuAU_0",
            name: "get_weather",
            args: { city: "Paris", unit: "celsius" },
          },
          thoughtSignature: SIGNATURE,
        },
      ]),
      event([
        {
          functionCall: { id: "call_mVMkaOqCJ9Kv1dkPq4KKuAU_1", name: "get_time", args: { timezone: "Europe/Paris" } },
        },
      ]),
      {
        candidates: [{ finishReason: "STOP", index: 0 }],
        usageMetadata: {
          promptTokenCount: 4120,
          candidatesTokenCount: 58,
          cachedContentTokenCount: 2048,
          thoughtsTokenCount: 243,
          totalTokenCount: 4421,
        },
        modelVersion: "team-gemini",
        responseId: "mVMkaOqCJ9Kv1dkPq4KKuAU",
      },
    ]);
  });

  it("buffers streamed tool arguments into one functionCall and maps a budget cut to MAX_TOKENS", async () => {
    const events = await encode([
      { type: "response-start", id: "msg_01", model: "claude" },
      { type: "tool-call-start", index: 0, id: "toolu_01", name: "bash" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"command":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '"ls"}' },
      { type: "tool-call-end", index: 0 },
      { type: "finish", finishReason: "length", usage },
    ]);
    expect(events).toEqual([
      {
        candidates: [
          {
            content: {
              role: "model",
              parts: [{ functionCall: { id: "toolu_01", name: "bash", args: { command: "ls" } } }],
            },
            index: 0,
          },
        ],
        modelVersion: "team-gemini",
        responseId: "msg_01",
      },
      {
        candidates: [{ finishReason: "MAX_TOKENS", index: 0 }],
        usageMetadata: expect.objectContaining({ promptTokenCount: 4120 }),
        modelVersion: "team-gemini",
        responseId: "msg_01",
      },
    ]);
  });

  it("renders an error mid-stream as Google's error envelope, then still ends with a finishReason", async () => {
    const events = await encode([
      { type: "response-start", id: "", model: "" },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "Hel" },
      { type: "text-end", index: 0 },
      { type: "error", code: "budget_exceeded", message: "The key's budget is exhausted." },
      { type: "finish", finishReason: "error", usage: emptyUsage() },
    ]);
    expect(events).toEqual([
      {
        candidates: [{ content: { role: "model", parts: [{ text: "Hel" }] }, index: 0 }],
        modelVersion: "team-gemini",
        responseId: "resp_01JD8Q4M2X",
      },
      { error: { code: 429, message: "The key's budget is exhausted.", status: "RESOURCE_EXHAUSTED" } },
      {
        candidates: [{ finishReason: "OTHER", index: 0 }],
        usageMetadata: { promptTokenCount: 0, candidatesTokenCount: 0, totalTokenCount: 0 },
        modelVersion: "team-gemini",
        responseId: "resp_01JD8Q4M2X",
      },
    ]);
  });

  it("closes a stream that ended without finish", async () => {
    expect(await encode([{ type: "text-delta", index: 0, delta: "Hi" }])).toEqual([
      {
        candidates: [{ content: { role: "model", parts: [{ text: "Hi" }] }, index: 0 }],
        modelVersion: "team-gemini",
        responseId: "resp_01JD8Q4M2X",
      },
      { error: { code: 502, message: "The response stream ended unexpectedly.", status: "INTERNAL" } },
      { candidates: [{ finishReason: "OTHER", index: 0 }], modelVersion: "team-gemini", responseId: "resp_01JD8Q4M2X" },
    ]);
  });
});
