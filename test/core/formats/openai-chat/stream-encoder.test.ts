import { describe, expect, it } from "vitest";
import { openAiChat } from "../../../../workers/core/formats/openai-chat/index.ts";
import type { IrStreamPart } from "../../../../workers/core/ir/stream-part.ts";
import { emptyUsage, type Usage } from "../../../../workers/core/ir/usage.ts";
import parallelFixture from "../../../fixtures/openai-chat/stream-parallel-tool-calls.sse?raw";
import { chunkedStream } from "../../../helpers/mock-upstream.ts";
import { collect, irStream, sseData } from "../stream-test-utils.ts";

const context = { model: "team-gpt", responseId: "chatcmpl-sy_01JD8Q4M2X" };

async function encode(parts: IrStreamPart[]): Promise<unknown[]> {
  const data = sseData(await collect(irStream(parts).pipeThrough(openAiChat.createStreamEncoder(context))));
  return data.map((payload) => (payload === "[DONE]" ? payload : JSON.parse(payload)));
}

const envelope = {
  id: "chatcmpl-sy_01JD8Q4M2X",
  object: "chat.completion.chunk",
  created: expect.any(Number),
  model: "team-gpt",
};
const chunk = (delta: unknown, finishReason: string | null = null) => ({
  ...envelope,
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
});

const usage: Usage = {
  inputTokens: { total: 2100, noCache: 100, cacheRead: 1800, cacheWrite: 200 },
  outputTokens: { total: 40, text: 30, reasoning: 10 },
};

describe("openAiChat stream encoder", () => {
  it("encodes role first, reasoning, text and tool-call deltas, the finish reason, usage and [DONE]", async () => {
    const chunks = await encode([
      { type: "response-start", id: "msg_01XFDUDYJgAACzvnptvVoYEL", model: "claude-sonnet-4-5" },
      { type: "reasoning-start", index: 0 },
      { type: "reasoning-delta", index: 0, delta: "Need files." },
      { type: "reasoning-signature", index: 0, signature: "EqQBCkYIBxgC" },
      { type: "reasoning-end", index: 0 },
      { type: "text-start", index: 1 },
      { type: "text-delta", index: 1, delta: "Listing." },
      { type: "text-end", index: 1 },
      { type: "tool-call-start", index: 2, id: "toolu_01A09q90qw90lq917835lq9", name: "bash" },
      { type: "tool-call-delta", index: 2, argumentsDelta: '{"command":' },
      { type: "tool-call-delta", index: 2, argumentsDelta: '"ls"}' },
      { type: "tool-call-end", index: 2 },
      { type: "tool-call-start", index: 3, id: "toolu_01BmF3kV7p2cXn8R4tW6yZ1a", name: "read" },
      { type: "tool-call-delta", index: 3, argumentsDelta: '{"filePath":"a"}' },
      { type: "tool-call-end", index: 3 },
      { type: "usage", usage },
      { type: "finish", finishReason: "tool-calls", rawFinishReason: "tool_use", usage },
    ]);
    expect(chunks).toEqual([
      chunk({ role: "assistant", content: "" }),
      chunk({ reasoning_content: "Need files." }),
      chunk({ content: "Listing." }),
      chunk({
        tool_calls: [
          {
            index: 0,
            id: "toolu_01A09q90qw90lq917835lq9",
            type: "function",
            function: { name: "bash", arguments: "" },
          },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"command":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"ls"}' } }] }),
      chunk({
        tool_calls: [
          {
            index: 1,
            id: "toolu_01BmF3kV7p2cXn8R4tW6yZ1a",
            type: "function",
            function: { name: "read", arguments: "" },
          },
        ],
      }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"filePath":"a"}' } }] }),
      chunk({}, "tool_calls"),
      {
        ...envelope,
        choices: [],
        usage: {
          prompt_tokens: 2100,
          completion_tokens: 40,
          total_tokens: 2140,
          prompt_tokens_details: { cached_tokens: 1800 },
          completion_tokens_details: { reasoning_tokens: 10 },
        },
      },
      "[DONE]",
    ]);
  });

  it("maps a budget cut (finish length) to finish_reason length", async () => {
    const chunks = await encode([
      { type: "response-start", id: "", model: "" },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "Partial" },
      { type: "text-end", index: 0 },
      { type: "finish", finishReason: "length", usage },
    ]);
    expect(chunks.slice(2, 3)).toEqual([chunk({}, "length")]);
    expect(chunks.at(-1)).toBe("[DONE]");
  });

  it("renders an error mid-stream as an error chunk and still closes with a finish reason and [DONE]", async () => {
    const chunks = await encode([
      { type: "response-start", id: "msg_01", model: "claude" },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "Hel" },
      { type: "text-end", index: 0 },
      { type: "error", code: "budget_exceeded", message: "The key's budget is exhausted." },
      { type: "finish", finishReason: "error", usage: emptyUsage() },
    ]);
    expect(chunks).toEqual([
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Hel" }),
      { error: { message: "The key's budget is exhausted.", type: "budget_exceeded", code: "budget_exceeded" } },
      chunk({}, "stop"),
      "[DONE]",
    ]);
  });

  it("closes a stream that ended without finish, even one that never started", async () => {
    expect(await encode([])).toEqual([
      chunk({ role: "assistant", content: "" }),
      { error: { message: "The response stream ended unexpectedly.", type: "api_error", code: "upstream_error" } },
      chunk({}, "stop"),
      "[DONE]",
    ]);
    const afterError = await encode([{ type: "error", code: "upstream_timeout", message: "The upstream timed out." }]);
    expect(afterError).toEqual([
      chunk({ role: "assistant", content: "" }),
      { error: { message: "The upstream timed out.", type: "api_error", code: "upstream_timeout" } },
      chunk({}, "stop"),
      "[DONE]",
    ]);
  });

  it("re-encodes a decoded upstream stream into an equivalent Chat stream", async () => {
    const encoded = chunkedStream(parallelFixture, [5, 31])
      .pipeThrough(openAiChat.createStreamDecoder())
      .pipeThrough(openAiChat.createStreamEncoder(context));
    const chunks = sseData(await collect(encoded)).map((data) => (data === "[DONE]" ? data : JSON.parse(data)));
    const upstreamId = { ...envelope, id: "chatcmpl-CTq3xR8kVb2nH7pL0aYwE5mZ9uJf1" };
    const upstreamChunk = (delta: unknown, finishReason: string | null = null) => ({
      ...upstreamId,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    });
    expect(chunks).toEqual([
      upstreamChunk({ role: "assistant", content: "" }),
      upstreamChunk({ content: "I'll list the files" }),
      upstreamChunk({ content: " and read package.json." }),
      upstreamChunk({
        tool_calls: [
          {
            index: 0,
            id: "call_Hc1bXq7T0bW9sY2kL4mN5pQr",
            type: "function",
            function: { name: "bash", arguments: "" },
          },
        ],
      }),
      upstreamChunk({ tool_calls: [{ index: 0, function: { arguments: '{"command"' } }] }),
      upstreamChunk({
        tool_calls: [
          { index: 0, function: { arguments: ':"ls -la","description":"Lists files in current directory"}' } },
        ],
      }),
      upstreamChunk({
        tool_calls: [
          {
            index: 1,
            id: "call_8fJ2kLmN3oP4qR5sT6uV7wXy",
            type: "function",
            function: { name: "read", arguments: "" },
          },
        ],
      }),
      upstreamChunk({ tool_calls: [{ index: 1, function: { arguments: '{"filePath"' } }] }),
      upstreamChunk({ tool_calls: [{ index: 1, function: { arguments: ':"/home/dev/project/package.json"}' } }] }),
      upstreamChunk({}, "tool_calls"),
      {
        ...upstreamId,
        choices: [],
        usage: {
          prompt_tokens: 1893,
          completion_tokens: 71,
          total_tokens: 1964,
          prompt_tokens_details: { cached_tokens: 1664 },
          completion_tokens_details: { reasoning_tokens: 0 },
        },
      },
      "[DONE]",
    ]);
  });
});
