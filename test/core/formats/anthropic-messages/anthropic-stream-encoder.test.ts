import { describe, expect, it } from "vitest";
import { createAnthropicStreamDecoder } from "../../../../workers/core/formats/anthropic-messages/anthropic-stream-decoder.ts";
import { createAnthropicStreamEncoder } from "../../../../workers/core/formats/anthropic-messages/anthropic-stream-encoder.ts";
import type { IrStreamPart } from "../../../../workers/core/ir/stream-part.ts";
import type { Usage } from "../../../../workers/core/ir/usage.ts";
import toolUseFixture from "../../../fixtures/anthropic-messages/stream-thinking-text-tool-use.sse?raw";
import { chunkedStream } from "../../../helpers/mock-upstream.ts";

const context = { model: "team-claude", responseId: "gw_01J9ZC4Q" };

async function encode(parts: IrStreamPart[]): Promise<string> {
  const source = new ReadableStream<IrStreamPart>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
  return new Response(source.pipeThrough(createAnthropicStreamEncoder(context))).text();
}

function sse(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function usage(input: number, cacheRead: number, output: number): Usage {
  return {
    inputTokens: { total: input, noCache: input - cacheRead, cacheRead, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

const messageStart = (id: string, inputTokens: number, cacheRead = 0) =>
  sse("message_start", {
    type: "message_start",
    message: {
      id,
      type: "message",
      role: "assistant",
      model: "team-claude",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: inputTokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: cacheRead,
        output_tokens: 0,
      },
    },
  });

describe("createAnthropicStreamEncoder", () => {
  it("encodes reasoning, text and a tool call (as from an OpenAI upstream) into the exact Anthropic event sequence", async () => {
    const text = await encode([
      { type: "response-start", id: "chatcmpl-C1a2", model: "gpt-5", usage: usage(1200, 1000, 0) },
      { type: "reasoning-start", index: 0 },
      { type: "reasoning-delta", index: 0, delta: "Need the time." },
      { type: "reasoning-encrypted", index: 0, encryptedContent: "gAAAAB" },
      { type: "reasoning-end", index: 0 },
      { type: "reasoning-start", index: 1 },
      { type: "reasoning-encrypted", index: 1, encryptedContent: "gAAAAC" },
      { type: "reasoning-end", index: 1 },
      { type: "text-start", index: 2 },
      { type: "text-delta", index: 2, delta: "Checking." },
      { type: "text-end", index: 2 },
      { type: "tool-call-start", index: 3, id: "call_7Hx", name: "now" },
      { type: "tool-call-delta", index: 3, argumentsDelta: '{"tz":' },
      { type: "tool-call-delta", index: 3, argumentsDelta: '"UTC"}' },
      { type: "tool-call-end", index: 3 },
      { type: "finish", finishReason: "tool-calls", rawFinishReason: "tool_calls", usage: usage(1200, 1000, 42) },
    ]);
    expect(text).toBe(
      [
        messageStart("msg_gw_01J9ZC4Q", 200, 1000),
        sse("content_block_start", {
          type: "content_block_start",
          index: 0,
          content_block: { type: "thinking", thinking: "", signature: "" },
        }),
        sse("content_block_delta", {
          type: "content_block_delta",
          index: 0,
          delta: { type: "thinking_delta", thinking: "Need the time." },
        }),
        sse("content_block_stop", { type: "content_block_stop", index: 0 }),
        sse("content_block_start", {
          type: "content_block_start",
          index: 1,
          content_block: { type: "text", text: "" },
        }),
        sse("content_block_delta", {
          type: "content_block_delta",
          index: 1,
          delta: { type: "text_delta", text: "Checking." },
        }),
        sse("content_block_stop", { type: "content_block_stop", index: 1 }),
        sse("content_block_start", {
          type: "content_block_start",
          index: 2,
          content_block: { type: "tool_use", id: "call_7Hx", name: "now", input: {} },
        }),
        sse("content_block_delta", {
          type: "content_block_delta",
          index: 2,
          delta: { type: "input_json_delta", partial_json: '{"tz":' },
        }),
        sse("content_block_delta", {
          type: "content_block_delta",
          index: 2,
          delta: { type: "input_json_delta", partial_json: '"UTC"}' },
        }),
        sse("content_block_stop", { type: "content_block_stop", index: 2 }),
        sse("message_delta", {
          type: "message_delta",
          delta: { stop_reason: "tool_use", stop_sequence: null },
          usage: {
            input_tokens: 200,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 1000,
            output_tokens: 42,
          },
        }),
        sse("message_stop", { type: "message_stop" }),
      ].join(""),
    );
  });

  it("closes the open block and still sends message_delta and message_stop after a mid-stream error", async () => {
    const text = await encode([
      { type: "response-start", id: "msg_01Hn3k", model: "claude-sonnet-4-6", usage: usage(25, 0, 1) },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "Once upon" },
      { type: "error", code: "upstream_timeout", message: "The upstream provider timed out." },
      { type: "finish", finishReason: "error", usage: usage(25, 0, 3) },
    ]);
    expect(text).toBe(
      [
        sse("message_start", {
          type: "message_start",
          message: {
            id: "msg_01Hn3k",
            type: "message",
            role: "assistant",
            model: "team-claude",
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
          },
        }),
        sse("content_block_start", {
          type: "content_block_start",
          index: 0,
          content_block: { type: "text", text: "" },
        }),
        sse("content_block_delta", {
          type: "content_block_delta",
          index: 0,
          delta: { type: "text_delta", text: "Once upon" },
        }),
        sse("content_block_stop", { type: "content_block_stop", index: 0 }),
        sse("error", { type: "error", error: { type: "timeout_error", message: "The upstream provider timed out." } }),
        sse("message_delta", {
          type: "message_delta",
          delta: { stop_reason: "end_turn", stop_sequence: null },
          usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 3 },
        }),
        sse("message_stop", { type: "message_stop" }),
      ].join(""),
    );
  });

  it("ends a stream the gateway cut for budget with max_tokens, closing the open tool call", async () => {
    const text = await encode([
      { type: "response-start", id: "msg_01", model: "m" },
      { type: "tool-call-start", index: 0, id: "toolu_01", name: "Bash" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"command":' },
      { type: "finish", finishReason: "length", usage: usage(10, 0, 5) },
    ]);
    const names = [...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(names).toStrictEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(text).toContain('"delta":{"stop_reason":"max_tokens","stop_sequence":null}');
  });

  it("still sends a complete message when the IR stream ends without start or finish", async () => {
    const text = await encode([{ type: "text-delta", index: 0, delta: "orphan" }]);
    expect(text).toBe(
      [
        messageStart("msg_gw_01J9ZC4Q", 0),
        sse("content_block_start", {
          type: "content_block_start",
          index: 0,
          content_block: { type: "text", text: "" },
        }),
        sse("content_block_delta", {
          type: "content_block_delta",
          index: 0,
          delta: { type: "text_delta", text: "orphan" },
        }),
        sse("content_block_stop", { type: "content_block_stop", index: 0 }),
        sse("message_delta", {
          type: "message_delta",
          delta: { stop_reason: "end_turn", stop_sequence: null },
          usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
        }),
        sse("message_stop", { type: "message_stop" }),
      ].join(""),
    );
  });

  it("serializes overlapping tool calls into sequential blocks without losing arguments", async () => {
    const text = await encode([
      { type: "response-start", id: "chatcmpl-1", model: "gpt-4o" },
      { type: "tool-call-start", index: 0, id: "call_a", name: "read" },
      { type: "tool-call-start", index: 1, id: "call_b", name: "read" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"p":"a"}' },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"p":"b"}' },
      { type: "tool-call-end", index: 0 },
      { type: "tool-call-end", index: 1 },
      { type: "finish", finishReason: "tool-calls", usage: usage(1, 0, 1) },
    ]);
    const events = [...text.matchAll(/^data: (.+)$/gm)].map((match) => JSON.parse(match[1] ?? "{}"));
    expect(events.slice(1, 7)).toStrictEqual([
      {
        type: "content_block_start",
        index: 0,
        content_block: { type: "tool_use", id: "call_a", name: "read", input: {} },
      },
      { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: '{"p":"a"}' } },
      { type: "content_block_stop", index: 0 },
      {
        type: "content_block_start",
        index: 1,
        content_block: { type: "tool_use", id: "call_b", name: "read", input: {} },
      },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"p":"b"}' } },
      { type: "content_block_stop", index: 1 },
    ]);
  });

  it("reproduces an Anthropic upstream stream through decoder and encoder (stop reason, signature, usage)", async () => {
    const text = await new Response(
      chunkedStream(toolUseFixture, [37, 5])
        .pipeThrough(createAnthropicStreamDecoder())
        .pipeThrough(createAnthropicStreamEncoder(context)),
    ).text();
    const upstream = [...toolUseFixture.matchAll(/^data: (.+)$/gm)]
      .map((match) => JSON.parse(match[1] ?? "{}"))
      .filter((event) => event.type !== "ping" && event.delta?.partial_json !== "");
    const ours = [...text.matchAll(/^data: (.+)$/gm)].map((match) => JSON.parse(match[1] ?? "{}"));
    expect(ours.map((event) => event.type)).toStrictEqual(upstream.map((event) => event.type));
    expect(ours.slice(1, -2)).toStrictEqual(upstream.slice(1, -2));
    expect(ours.at(-2)).toStrictEqual({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: { input_tokens: 472, cache_creation_input_tokens: 0, cache_read_input_tokens: 2048, output_tokens: 89 },
    });
  });
});
