import { describe, expect, it } from "vitest";
import { openAiResponses } from "../../../../workers/core/formats/openai-responses/index.ts";
import type { IrStreamPart } from "../../../../workers/core/ir/stream-part.ts";
import { emptyUsage } from "../../../../workers/core/ir/usage.ts";
import streamFixture from "../../../fixtures/openai-responses/stream-reasoning-text-function-call.sse?raw";
import { chunkedStream } from "../../../helpers/mock-upstream.ts";
import { readAll } from "./stream-helpers.ts";

const RESPONSE_ID = "resp_08b2c6d4e1f3a5b70069216f4a1c88819a3e5d2f7b9c0e1d4a";
const REASONING_ID = "rs_08b2c6d4e1f3a5b70069216f4b2d308199c1e4a7f3d2b8e6c5";
const ENCRYPTED = "gAAAAABpIW9Pq3x7Lk2Vb8nM4cZr1T6yHs0Ue5Wd9Jf3Gi2Ko7Pl1Qm8Rn4Sa6Tb0Uc5Vd9We3Xf7Yg2Zh6Ai1Bj5Ck==";

function decode(text: string, chunkSizes: number[]): Promise<IrStreamPart[]> {
  return readAll(chunkedStream(text, chunkSizes).pipeThrough(openAiResponses.createStreamDecoder()));
}

const expectedParts: IrStreamPart[] = [
  { type: "response-start", id: RESPONSE_ID, model: "gpt-5.1-codex-2025-11-13" },
  { type: "reasoning-start", index: 0, id: REASONING_ID },
  { type: "reasoning-delta", index: 0, delta: "**Inspecting" },
  { type: "reasoning-delta", index: 0, delta: " the repo**\n\n" },
  { type: "reasoning-delta", index: 0, delta: "I should list the files first." },
  // The second summary part, separated the way decodeResponse joins summary parts.
  { type: "reasoning-delta", index: 0, delta: "\n\n" },
  { type: "reasoning-delta", index: 0, delta: "Then I'll run `ls`." },
  { type: "reasoning-encrypted", index: 0, encryptedContent: ENCRYPTED },
  { type: "reasoning-end", index: 0 },
  { type: "text-start", index: 1 },
  { type: "text-delta", index: 1, delta: "Je vais " },
  { type: "text-delta", index: 1, delta: "lister les fichiers " },
  { type: "text-delta", index: 1, delta: "du dépôt ✓" },
  { type: "text-end", index: 1 },
  { type: "tool-call-start", index: 2, id: "call_Hq7vR2mK9pXw4sT1nB6yLd3e", name: "exec_command" },
  { type: "tool-call-delta", index: 2, argumentsDelta: '{"cmd' },
  { type: "tool-call-delta", index: 2, argumentsDelta: '":"ls' },
  { type: "tool-call-delta", index: 2, argumentsDelta: ' -la","workdir":"/home/dev/' },
  { type: "tool-call-delta", index: 2, argumentsDelta: 'app"}' },
  { type: "tool-call-end", index: 2 },
  {
    type: "finish",
    finishReason: "tool-calls",
    rawFinishReason: "completed",
    usage: {
      inputTokens: { total: 4821, noCache: 213, cacheRead: 4608, cacheWrite: 0 },
      outputTokens: { total: 173, text: 45, reasoning: 128 },
      raw: {
        input_tokens: 4821,
        input_tokens_details: { cached_tokens: 4608 },
        output_tokens: 173,
        output_tokens_details: { reasoning_tokens: 128 },
        total_tokens: 4994,
      },
    },
  },
];

/** A minimal stream around one body of events, framed as OpenAI frames it. */
function sse(...events: Array<Record<string, unknown>>): string {
  return events
    .map(
      (event, sequence) =>
        `event: ${String(event.type)}\ndata: ${JSON.stringify({ ...event, sequence_number: sequence })}\n\n`,
    )
    .join("");
}

const created = { type: "response.created", response: { id: "resp_abc", model: "gpt-5.1", status: "in_progress" } };
const textAdded = [
  { type: "response.output_item.added", output_index: 0, item: { id: "msg_1", type: "message", content: [] } },
  {
    type: "response.content_part.added",
    item_id: "msg_1",
    output_index: 0,
    content_index: 0,
    part: { type: "output_text", text: "" },
  },
  { type: "response.output_text.delta", item_id: "msg_1", output_index: 0, content_index: 0, delta: "Once upon" },
];

describe("openAiResponses.createStreamDecoder", () => {
  it("decodes reasoning summaries, text and split function arguments into exact IR parts at any chunk boundary", async () => {
    for (const sizes of [[1], [2], [3, 7], [5, 1, 17, 2, 250], [13], [64], [4096]]) {
      expect(await decode(streamFixture, sizes)).toStrictEqual(expectedParts);
    }
  });

  it("ends a stream cut off mid-text with the open block closed, an error and an error finish", async () => {
    expect(await decode(sse(created, ...textAdded), [9])).toStrictEqual([
      { type: "response-start", id: "resp_abc", model: "gpt-5.1" },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "Once upon" },
      { type: "text-end", index: 0 },
      { type: "error", code: "upstream_error", message: "The upstream stream ended before response.completed." },
      { type: "finish", finishReason: "error", usage: emptyUsage() },
    ]);
  });

  it("maps response.incomplete (max_output_tokens) to a length finish with usage", async () => {
    const incomplete = {
      type: "response.incomplete",
      response: {
        id: "resp_abc",
        status: "incomplete",
        incomplete_details: { reason: "max_output_tokens" },
        usage: { input_tokens: 10, output_tokens: 16, total_tokens: 26 },
      },
    };
    const parts = await decode(sse(created, ...textAdded, incomplete), [11]);
    expect(parts.slice(-2)).toStrictEqual([
      { type: "text-end", index: 0 },
      {
        type: "finish",
        finishReason: "length",
        rawFinishReason: "max_output_tokens",
        usage: {
          inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 16, text: 16, reasoning: 0 },
          raw: { input_tokens: 10, output_tokens: 16, total_tokens: 26 },
        },
      },
    ]);
  });

  it("turns response.failed into an error part with the upstream code, then an error finish", async () => {
    const failed = {
      type: "response.failed",
      response: {
        id: "resp_abc",
        status: "failed",
        error: { code: "server_error", message: "The model produced invalid content." },
      },
    };
    const parts = await decode(sse(created, failed), [4096]);
    expect(parts).toStrictEqual([
      { type: "response-start", id: "resp_abc", model: "gpt-5.1" },
      { type: "error", code: "server_error", message: "The model produced invalid content." },
      { type: "finish", finishReason: "error", rawFinishReason: "failed", usage: emptyUsage() },
    ]);
  });

  it("keeps an `error` event and finishes with error when the stream then ends", async () => {
    const error = { type: "error", code: "rate_limit_exceeded", message: "Rate limit reached.", param: null };
    expect(await decode(sse(created, error), [6])).toStrictEqual([
      { type: "response-start", id: "resp_abc", model: "gpt-5.1" },
      { type: "error", code: "rate_limit_exceeded", message: "Rate limit reached." },
      { type: "finish", finishReason: "error", usage: emptyUsage() },
    ]);
  });

  it("reports an unreadable event in-band instead of tearing the stream", async () => {
    const text = `${sse(created)}event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":\n\n${sse(...textAdded)}`;
    expect(await decode(text, [3])).toStrictEqual([
      { type: "response-start", id: "resp_abc", model: "gpt-5.1" },
      {
        type: "error",
        code: "upstream_error",
        message: "The upstream sent a stream event the gateway could not read.",
      },
      { type: "finish", finishReason: "error", usage: emptyUsage() },
    ]);
  });

  it("catches up on text and arguments that arrive only in .done events (OpenAI-compatible servers)", async () => {
    const text = sse(
      created,
      {
        type: "response.output_item.done",
        output_index: 0,
        item: { id: "msg_1", type: "message", content: [{ type: "output_text", text: "Hello" }] },
      },
      {
        type: "response.output_item.added",
        output_index: 1,
        item: { id: "fc_1", type: "function_call", call_id: "call_1", name: "exec_command", arguments: "" },
      },
      { type: "response.function_call_arguments.done", output_index: 1, arguments: '{"cmd":"pwd"}' },
      {
        type: "response.output_item.done",
        output_index: 1,
        item: {
          id: "fc_1",
          type: "function_call",
          call_id: "call_1",
          name: "exec_command",
          arguments: '{"cmd":"pwd"}',
        },
      },
      { type: "response.completed", response: { id: "resp_abc", status: "completed" } },
    );
    expect(await decode(text, [17])).toStrictEqual([
      { type: "response-start", id: "resp_abc", model: "gpt-5.1" },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "Hello" },
      { type: "text-end", index: 0 },
      { type: "tool-call-start", index: 1, id: "call_1", name: "exec_command" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"cmd":"pwd"}' },
      { type: "tool-call-end", index: 1 },
      { type: "finish", finishReason: "tool-calls", rawFinishReason: "completed", usage: emptyUsage() },
    ]);
  });
});
