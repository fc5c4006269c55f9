import { describe, expect, it } from "vitest";
import { createAnthropicStreamDecoder } from "../../../../workers/core/formats/anthropic-messages/anthropic-stream-decoder.ts";
import type { IrStreamPart } from "../../../../workers/core/ir/stream-part.ts";
import overloadedFixture from "../../../fixtures/anthropic-messages/stream-overloaded-error.sse?raw";
import toolUseFixture from "../../../fixtures/anthropic-messages/stream-thinking-text-tool-use.sse?raw";
import { chunkedStream } from "../../../helpers/mock-upstream.ts";

async function decode(text: string, chunkSizes: number[]): Promise<IrStreamPart[]> {
  const parts: IrStreamPart[] = [];
  const stream = chunkedStream(text, chunkSizes).pipeThrough(createAnthropicStreamDecoder());
  for await (const part of stream) parts.push(part);
  return parts;
}

const startUsage = {
  input_tokens: 472,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 2048,
  cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
  output_tokens: 3,
  service_tier: "standard",
};

const expectedToolUseParts: IrStreamPart[] = [
  {
    type: "response-start",
    id: "msg_01Lq8pV3sN4hT2wXbYc7RzKd",
    model: "claude-sonnet-4-6",
    usage: {
      inputTokens: { total: 2520, noCache: 472, cacheRead: 2048, cacheWrite: 0 },
      outputTokens: { total: 3, text: 3, reasoning: 0 },
      raw: startUsage,
    },
  },
  { type: "reasoning-start", index: 0 },
  { type: "reasoning-delta", index: 0, delta: "The user wants the weather in Zürich. " },
  { type: "reasoning-delta", index: 0, delta: "I should call get_weather." },
  {
    type: "reasoning-signature",
    index: 0,
    signature:
      "EqQBCkYIBxgCKkB4Vw1Hk6bJ9sXr0Qm2Lp8uZ5tYc3Nd7Ge4Fa1Wi6Ro9Ks2Jh5Mv8Nb0Xq3Zw7Ty4Uc1Ve6Sf9Gd2Hl5Kj8EgzR4cT7uW1yZ3aB6dE9g",
  },
  { type: "reasoning-end", index: 0 },
  { type: "text-start", index: 1 },
  { type: "text-delta", index: 1, delta: "Let me check the weather " },
  { type: "text-delta", index: 1, delta: "in Zürich ☀️ for you." },
  { type: "text-end", index: 1 },
  { type: "tool-call-start", index: 2, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather" },
  { type: "tool-call-delta", index: 2, argumentsDelta: '{"location": "Zür' },
  { type: "tool-call-delta", index: 2, argumentsDelta: 'ich, CH", "unit": "cel' },
  { type: "tool-call-delta", index: 2, argumentsDelta: 'sius"}' },
  { type: "tool-call-end", index: 2 },
  {
    type: "finish",
    finishReason: "tool-calls",
    rawFinishReason: "tool_use",
    // message_delta's output_tokens (89) is cumulative: it replaces message_start's 3.
    usage: {
      inputTokens: { total: 2520, noCache: 472, cacheRead: 2048, cacheWrite: 0 },
      outputTokens: { total: 89, text: 89, reasoning: 0 },
      raw: { ...startUsage, output_tokens: 89 },
    },
  },
];

describe("createAnthropicStreamDecoder", () => {
  it("decodes thinking, text and a split tool_use input into exact IR parts", async () => {
    expect(await decode(toolUseFixture, [toolUseFixture.length])).toStrictEqual(expectedToolUseParts);
  });

  it("gives the same parts at awkward chunk boundaries, including inside UTF-8 characters", async () => {
    for (const sizes of [[1], [2, 3], [7, 1, 13], [64, 5, 129], [311]]) {
      expect(await decode(toolUseFixture, sizes)).toStrictEqual(expectedToolUseParts);
    }
  });

  it("turns an error event into closed blocks, an error part and an error finish", async () => {
    expect(await decode(overloadedFixture, [17, 4])).toStrictEqual([
      {
        type: "response-start",
        id: "msg_01Hn3kQ8wE5rT7yU9iO1pA2s",
        model: "claude-sonnet-4-6",
        usage: {
          inputTokens: { total: 25, noCache: 25, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
          raw: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
        },
      },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "Once upon" },
      { type: "text-end", index: 0 },
      { type: "error", code: "overloaded_error", message: "Overloaded" },
      {
        type: "finish",
        finishReason: "error",
        usage: {
          inputTokens: { total: 25, noCache: 25, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
          raw: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
        },
      },
    ]);
  });

  it("reports a stream cut before message_delta as an upstream error", async () => {
    const cut = toolUseFixture.slice(
      0,
      toolUseFixture.indexOf('event: content_block_stop\ndata: {"type":"content_block_stop","index":2}'),
    );
    const parts = await decode(cut, [50]);
    expect(parts.slice(-4)).toStrictEqual([
      { type: "tool-call-delta", index: 2, argumentsDelta: 'sius"}' },
      { type: "tool-call-end", index: 2 },
      { type: "error", code: "upstream_error", message: "The upstream stream ended before the message was complete." },
      expect.objectContaining({ type: "finish", finishReason: "error" }),
    ]);
  });

  it("finishes normally when only message_stop is missing, and maps refusal and pause_turn", async () => {
    const sse = (data: object) => `event: ${(data as { type: string }).type}\ndata: ${JSON.stringify(data)}\n\n`;
    const start = sse({
      type: "message_start",
      message: { id: "msg_01", model: "claude-opus-4-7", usage: { input_tokens: 5 } },
    });
    const refusal = await decode(
      `${start}${sse({ type: "message_delta", delta: { stop_reason: "refusal" }, usage: { output_tokens: 0 } })}`,
      [9],
    );
    expect(refusal.at(-1)).toMatchObject({
      type: "finish",
      finishReason: "content-filter",
      rawFinishReason: "refusal",
    });
    const paused = await decode(
      `${start}${sse({ type: "message_delta", delta: { stop_reason: "pause_turn" }, usage: { output_tokens: 7 } })}${sse({ type: "message_stop" })}`,
      [3],
    );
    expect(paused.at(-1)).toMatchObject({ type: "finish", finishReason: "stop", rawFinishReason: "pause_turn" });
  });

  it("skips unknown event types and blocks of Anthropic-run tools, and reports malformed JSON in band", async () => {
    const text = [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_02","model":"claude-sonnet-4-6","usage":{"input_tokens":3}}}\n\n',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}\n\n',
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"query\\":\\"x\\"}"}}\n\n',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
      'event: future_event\ndata: {"type":"future_event","anything":1}\n\n',
      "event: content_block_start\ndata: {not json\n\n",
    ].join("");
    const parts = await decode(text, [23]);
    expect(parts.map((part) => part.type)).toStrictEqual(["response-start", "error", "finish"]);
    expect(parts[1]).toStrictEqual({
      type: "error",
      code: "upstream_error",
      message: "The upstream provider sent a malformed stream event.",
    });
  });
});
