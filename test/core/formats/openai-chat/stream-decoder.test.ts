import { describe, expect, it } from "vitest";
import { openAiChat } from "../../../../workers/core/formats/openai-chat/index.ts";
import { OpenAiChatToolCallAccumulator } from "../../../../workers/core/formats/openai-chat/openai-chat-tool-call-accumulator.ts";
import type { IrStreamPart } from "../../../../workers/core/ir/stream-part.ts";
import { emptyUsage } from "../../../../workers/core/ir/usage.ts";
import deepseekFixture from "../../../fixtures/openai-chat/stream-deepseek-reasoning.sse?raw";
import parallelFixture from "../../../fixtures/openai-chat/stream-parallel-tool-calls.sse?raw";
import textFixture from "../../../fixtures/openai-chat/stream-text.sse?raw";
import { chunkedStream } from "../../../helpers/mock-upstream.ts";
import { collect } from "../stream-test-utils.ts";

function decode(text: string, chunkSizes: number[]): Promise<IrStreamPart[]> {
  return collect(chunkedStream(text, chunkSizes).pipeThrough(openAiChat.createStreamDecoder()));
}

const AWKWARD_SIZES = [1, 7, 64, 3, 250, 13];

describe("openAiChat stream decoder", () => {
  it("decodes text, then two parallel tool calls with interleaved argument fragments, into sequential blocks", async () => {
    const parts = await decode(parallelFixture, AWKWARD_SIZES);
    expect(parts).toEqual([
      { type: "response-start", id: "chatcmpl-CTq3xR8kVb2nH7pL0aYwE5mZ9uJf1", model: "gpt-4.1-2025-04-14" },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "I'll list the files" },
      { type: "text-delta", index: 0, delta: " and read package.json." },
      { type: "text-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "call_Hc1bXq7T0bW9sY2kL4mN5pQr", name: "bash" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"command"' },
      {
        type: "tool-call-delta",
        index: 1,
        argumentsDelta: ':"ls -la","description":"Lists files in current directory"}',
      },
      { type: "tool-call-end", index: 1 },
      { type: "tool-call-start", index: 2, id: "call_8fJ2kLmN3oP4qR5sT6uV7wXy", name: "read" },
      { type: "tool-call-delta", index: 2, argumentsDelta: '{"filePath"' },
      { type: "tool-call-delta", index: 2, argumentsDelta: ':"/home/dev/project/package.json"}' },
      { type: "tool-call-end", index: 2 },
      {
        type: "finish",
        finishReason: "tool-calls",
        rawFinishReason: "tool_calls",
        usage: {
          inputTokens: { total: 1893, noCache: 229, cacheRead: 1664, cacheWrite: 0 },
          outputTokens: { total: 71, text: 71, reasoning: 0 },
          raw: {
            prompt_tokens: 1893,
            completion_tokens: 71,
            total_tokens: 1964,
            prompt_tokens_details: { cached_tokens: 1664, audio_tokens: 0 },
            completion_tokens_details: {
              reasoning_tokens: 0,
              audio_tokens: 0,
              accepted_prediction_tokens: 0,
              rejected_prediction_tokens: 0,
            },
          },
        },
      },
    ]);
  });

  it("gives the same parts whatever the byte boundaries", async () => {
    const whole = await decode(parallelFixture, [1_000_000]);
    expect(await decode(parallelFixture, [1])).toEqual(whole);
    expect(await decode(parallelFixture, [2, 5, 11])).toEqual(whole);
  });

  it("decodes a text stream whose usage arrives after the finish reason", async () => {
    const parts = await decode(textFixture, AWKWARD_SIZES);
    expect(parts.slice(0, -1)).toEqual([
      { type: "response-start", id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", model: "gpt-4o-2024-08-06" },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "Héllo" },
      { type: "text-delta", index: 0, delta: " there!" },
      { type: "text-end", index: 0 },
    ]);
    expect(parts.at(-1)).toMatchObject({
      type: "finish",
      finishReason: "stop",
      usage: { inputTokens: { total: 19 }, outputTokens: { total: 3 } },
    });
  });

  it("decodes DeepSeek reasoning_content deltas into a reasoning block before the text", async () => {
    const parts = await decode(deepseekFixture, AWKWARD_SIZES);
    expect(parts).toEqual([
      { type: "response-start", id: "0197a1c2-7d8e-7f3a-9b4c-5e6f7a8b9c0d", model: "deepseek-reasoner" },
      { type: "reasoning-start", index: 0 },
      { type: "reasoning-delta", index: 0, delta: "The user asks for the capital" },
      { type: "reasoning-delta", index: 0, delta: " of France. It is Paris." },
      { type: "reasoning-end", index: 0 },
      { type: "text-start", index: 1 },
      { type: "text-delta", index: 1, delta: "The capital of France" },
      { type: "text-delta", index: 1, delta: " is Paris." },
      { type: "text-end", index: 1 },
      {
        type: "finish",
        finishReason: "stop",
        rawFinishReason: "stop",
        usage: {
          inputTokens: { total: 14, noCache: 14, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 31, text: 9, reasoning: 22 },
          raw: expect.objectContaining({ prompt_cache_miss_tokens: 14 }),
        },
      },
    ]);
  });

  it("closes open blocks and reports an error when the bytes end before a finish reason", async () => {
    // The bytes stop after the second call's first fragment, mid-argument.
    const cut = `${parallelFixture.split("\n\n").slice(0, 7).join("\n\n")}\n\n`;
    const parts = await decode(cut, [9]);
    expect(parts.slice(5)).toEqual([
      { type: "tool-call-start", index: 1, id: "call_Hc1bXq7T0bW9sY2kL4mN5pQr", name: "bash" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"command"' },
      { type: "tool-call-end", index: 1 },
      { type: "tool-call-start", index: 2, id: "call_8fJ2kLmN3oP4qR5sT6uV7wXy", name: "read" },
      { type: "tool-call-delta", index: 2, argumentsDelta: '{"filePath"' },
      { type: "tool-call-end", index: 2 },
      { type: "error", code: "upstream_error", message: "The upstream stream ended before a finish reason." },
      { type: "finish", finishReason: "error", usage: emptyUsage() },
    ]);
  });

  it("turns an in-band error chunk into error + finish without echoing the upstream message", async () => {
    const text = [
      'data: {"id":"gen-1763802301-aB3cD4eF5gH6iJ7kL8mN","object":"chat.completion.chunk","created":1763802301,"model":"openai/gpt-4.1","choices":[{"index":0,"delta":{"role":"assistant","content":"Partial"},"finish_reason":null}]}',
      'data: {"error":{"message":"Upstream provider overloaded, key sk-or-v1-abc","code":502}}',
      "data: [DONE]",
      "",
    ].join("\n\n");
    expect(await decode(text, [17])).toEqual([
      { type: "response-start", id: "gen-1763802301-aB3cD4eF5gH6iJ7kL8mN", model: "openai/gpt-4.1" },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "Partial" },
      { type: "text-end", index: 0 },
      { type: "error", code: "upstream_error", message: "The upstream provider reported an error during the stream." },
      { type: "finish", finishReason: "error", usage: expect.any(Object) },
    ]);
  });

  it("reports an unreadable event in-band instead of tearing the stream", async () => {
    const parts = await decode('data: {"id":"x","choices":[{"delta":{"content":"a"}}]}\n\ndata: {not json\n\n', [4]);
    expect(parts.slice(-2)).toEqual([
      {
        type: "error",
        code: "upstream_error",
        message: "The upstream sent a stream event the gateway could not read.",
      },
      { type: "finish", finishReason: "error", usage: expect.any(Object) },
    ]);
  });
});

describe("OpenAiChatToolCallAccumulator", () => {
  function run(deltas: Parameters<OpenAiChatToolCallAccumulator["add"]>[0][]): IrStreamPart[] {
    const accumulator = new OpenAiChatToolCallAccumulator();
    const parts: IrStreamPart[] = [];
    let next = 0;
    const emit = (part: IrStreamPart) => parts.push(part);
    for (const delta of deltas)
      accumulator.add(
        delta,
        emit,
        () => {},
        () => next++,
      );
    accumulator.closeAll(
      emit,
      () => {},
      () => next++,
    );
    return parts;
  }

  it("streams sequential calls (OpenAI) live, closing each when the next appears with complete JSON", () => {
    expect(
      run([
        { index: 0, id: "call_a", name: "bash", arguments: "" },
        { index: 0, arguments: '{"command":' },
        { index: 0, arguments: '"ls"}' },
        { index: 1, id: "call_b", name: "read", arguments: '{"filePath":"a"}' },
      ]),
    ).toEqual([
      { type: "tool-call-start", index: 0, id: "call_a", name: "bash" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"command":' },
      { type: "tool-call-delta", index: 0, argumentsDelta: '"ls"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "call_b", name: "read" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"filePath":"a"}' },
      { type: "tool-call-end", index: 1 },
    ]);
  });

  it("tells calls apart by id when a provider omits index, and waits for a late name", () => {
    expect(
      run([
        { id: "call_a", name: "bash", arguments: '{"command":"ls"}' },
        { id: "call_b", arguments: "{}" },
        { id: "call_b", name: "noop" },
      ]),
    ).toEqual([
      { type: "tool-call-start", index: 0, id: "call_a", name: "bash" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"command":"ls"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "call_b", name: "noop" },
      { type: "tool-call-delta", index: 1, argumentsDelta: "{}" },
      { type: "tool-call-end", index: 1 },
    ]);
  });
});
