import { describe, expect, it } from "vitest";
import { createBedrockStreamDecoder } from "../../../../workers/core/formats/bedrock-converse/bedrock-stream-decoder.ts";
import { bedrockConverse } from "../../../../workers/core/formats/bedrock-converse/index.ts";
import type { IrStreamPart } from "../../../../workers/core/ir/stream-part.ts";
import { emptyUsage } from "../../../../workers/core/ir/usage.ts";
import reasoningToolUse from "../../../fixtures/bedrock-converse/stream-reasoning-tool-use.json";
import throttling from "../../../fixtures/bedrock-converse/stream-throttling-exception.json";
import {
  chunkedBytes,
  collect,
  type EventStreamFixtureEvent,
  encodeEventStreamFixture,
} from "../../providers/aws/event-stream-fixture.ts";

function decode(events: readonly EventStreamFixtureEvent[], chunkSizes: number[]): Promise<IrStreamPart[]> {
  return collect(chunkedBytes(encodeEventStreamFixture(events), chunkSizes).pipeThrough(createBedrockStreamDecoder()));
}

const usage = {
  inputTokens: { total: 1436, noCache: 412, cacheRead: 1024, cacheWrite: 0 },
  outputTokens: { total: 96, text: 96, reasoning: 0 },
  raw: { cacheReadInputTokens: 1024, cacheWriteInputTokens: 0, inputTokens: 412, outputTokens: 96, totalTokens: 1532 },
};

const signature =
  "EqQBCkgIBhABGAIiQKx1dGhTeXJqY0x3V0Z0b2dWb2dHQmZQZ3lqcFJmR3Z0YkJ2c1ZrR0ZkRWdFEgzZ2nyP5iKz1m8hT0caDC7c";

const expectedParts: IrStreamPart[] = [
  { type: "response-start", id: "", model: "" },
  { type: "reasoning-start", index: 0 },
  { type: "reasoning-delta", index: 0, delta: "The user wants the weather in Paris. " },
  { type: "reasoning-delta", index: 0, delta: "I should call get_weather." },
  { type: "reasoning-signature", index: 0, signature },
  { type: "reasoning-end", index: 0 },
  { type: "text-start", index: 1 },
  { type: "text-delta", index: 1, delta: "I'll check the current " },
  { type: "text-delta", index: 1, delta: "weather in Paris — one moment." },
  { type: "text-end", index: 1 },
  { type: "tool-call-start", index: 2, id: "tooluse_Yx3bQ8s1Tqm1v0k2cE9wZg", name: "get_weather" },
  { type: "tool-call-delta", index: 2, argumentsDelta: '{"city": "Pa' },
  { type: "tool-call-delta", index: 2, argumentsDelta: 'ris", "unit": "celsius"}' },
  { type: "tool-call-end", index: 2 },
  { type: "finish", finishReason: "tool-calls", rawFinishReason: "tool_use", usage },
];

describe("Bedrock ConverseStream decoder", () => {
  it("turns reasoning, text and a streamed tool call into IR parts, finishing at metadata with its usage", async () => {
    for (const sizes of [[1], [3, 17, 2], [64], [100_000]]) {
      expect(await decode(reasoningToolUse, sizes)).toEqual(expectedParts);
    }
  });

  it("is the adapter's stream decoder", async () => {
    const bytes = encodeEventStreamFixture(reasoningToolUse);
    const parts = await collect(chunkedBytes(bytes, [5, 11]).pipeThrough(bedrockConverse.createStreamDecoder()));
    expect(parts).toEqual(expectedParts);
  });

  it("finishes at the end of the stream when metadata never comes", async () => {
    const withoutMetadata = reasoningToolUse.slice(0, -1);
    const parts = await decode(withoutMetadata, [7]);
    expect(parts.at(-1)).toEqual({
      type: "finish",
      finishReason: "tool-calls",
      rawFinishReason: "tool_use",
      usage: emptyUsage(),
    });
    expect(parts.slice(0, -1)).toEqual(expectedParts.slice(0, -1));
  });

  it("turns an exception message into an error part, then a finish with reason error", async () => {
    expect(await decode(throttling, [4, 9])).toEqual([
      { type: "response-start", id: "", model: "" },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "Paris is" },
      { type: "text-end", index: 0 },
      { type: "error", code: "rate_limited", message: "Too many tokens, please wait before trying again." },
      { type: "finish", finishReason: "error", usage: emptyUsage() },
    ]);
  });

  it("ends in-band when the upstream stops before messageStop", async () => {
    const parts = await decode(reasoningToolUse.slice(0, 7), [13]);
    expect(parts.slice(-4)).toEqual([
      { type: "text-delta", index: 1, delta: "weather in Paris — one moment." },
      { type: "text-end", index: 1 },
      { type: "error", code: "upstream_error", message: "The upstream stream ended before the message was complete." },
      { type: "finish", finishReason: "error", usage: emptyUsage() },
    ]);
  });

  it("ends in-band, not with a torn stream, when a frame fails its CRC", async () => {
    const bytes = encodeEventStreamFixture(reasoningToolUse);
    const corrupted = bytes.slice();
    // Inside the third frame's payload: the first two frames still decode.
    const offset = 400;
    corrupted[offset] = (corrupted[offset] ?? 0) ^ 0x20;
    const parts = await collect(chunkedBytes(corrupted, [32]).pipeThrough(createBedrockStreamDecoder()));
    expect(parts.at(-2)).toMatchObject({
      type: "error",
      code: "upstream_error",
      message: expect.stringMatching(/CRC mismatch/),
    });
    expect(parts.at(-1)).toEqual({ type: "finish", finishReason: "error", usage: emptyUsage() });
    expect(parts.filter((part) => part.type === "finish")).toHaveLength(1);
  });

  it("skips event types it does not know and ignores non-tool contentBlockStart blocks", async () => {
    const events: EventStreamFixtureEvent[] = [
      reasoningToolUse[0] as EventStreamFixtureEvent,
      { headers: { ":event-type": "someFutureEvent", ":message-type": "event" }, payload: { p: "abc" } },
      {
        headers: { ":event-type": "contentBlockStart", ":message-type": "event" },
        payload: { contentBlockIndex: 0, start: { image: { format: "png" } } },
      },
      { headers: { ":event-type": "contentBlockStop", ":message-type": "event" }, payload: { contentBlockIndex: 0 } },
      { headers: { ":event-type": "messageStop", ":message-type": "event" }, payload: { stopReason: "end_turn" } },
      {
        headers: { ":event-type": "metadata", ":message-type": "event" },
        payload: { usage: { inputTokens: 12, outputTokens: 0 } },
      },
    ];
    expect(await decode(events, [10])).toEqual([
      { type: "response-start", id: "", model: "" },
      {
        type: "finish",
        finishReason: "stop",
        rawFinishReason: "end_turn",
        usage: {
          inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 0, text: 0, reasoning: 0 },
          raw: { inputTokens: 12, outputTokens: 0 },
        },
      },
    ]);
  });
});
