import { describe, expect, it } from "vitest";
import { createWorkersAiChatStream } from "../../../../workers/core/providers/transports/workers-ai-chat-stream.ts";
import { chunkedStream } from "../../../helpers/mock-upstream.ts";
import nativeText from "./fixtures/workers-ai/native-text.sse?raw";
import nativeToolCall from "./fixtures/workers-ai/native-tool-call.sse?raw";
import openAiShapedReasoning from "./fixtures/workers-ai/openai-shaped-reasoning.sse?raw";
import { readSseData } from "./transport-test-helpers.ts";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
const SPLITS = [[1], [3, 1, 7], [5, 11, 2], [64], [100_000]];

function meta(model = LLAMA) {
  let calls = 0;
  return {
    id: "chatcmpl-3a1c9e",
    created: 1795341600,
    model,
    newToolCallId: () => `call_generated_${++calls}`,
  };
}

function chunk(delta: Record<string, unknown>, finishReason: string | null = null, model = LLAMA) {
  return {
    id: "chatcmpl-3a1c9e",
    object: "chat.completion.chunk",
    created: 1795341600,
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

function usageChunk(usage: Record<string, number>, model = LLAMA) {
  return { id: "chatcmpl-3a1c9e", object: "chat.completion.chunk", created: 1795341600, model, choices: [], usage };
}

async function translate(sse: string, sizes: number[], model = LLAMA) {
  return readSseData(chunkedStream(sse, sizes).pipeThrough(createWorkersAiChatStream(meta(model))));
}

describe("Workers AI stream → Chat Completions chunks", () => {
  it.each(SPLITS)("translates native text events, split every %j bytes", async (...sizes) => {
    expect(await translate(nativeText, sizes)).toEqual([
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Bonjour" }),
      chunk({ content: " — the capital" }),
      chunk({ content: " of France is Paris 🇫🇷." }),
      chunk({}, "stop"),
      usageChunk({ prompt_tokens: 31, completion_tokens: 12, total_tokens: 43 }),
      "[DONE]",
    ]);
  });

  it.each(SPLITS)("translates streamed tool calls and reports tool_calls, split every %j bytes", async (...sizes) => {
    expect(await translate(nativeToolCall, sizes)).toEqual([
      chunk({ role: "assistant", content: "" }),
      chunk({
        tool_calls: [
          {
            index: 0,
            id: "chatcmpl-tool-5b0a7f3e91c44c8e",
            type: "function",
            function: { name: "get_weather", arguments: "" },
          },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city": "Pa' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: 'ris", "unit": "celsius"}' } }] }),
      chunk({}, "tool_calls"),
      usageChunk({ prompt_tokens: 287, completion_tokens: 24, total_tokens: 311 }),
      "[DONE]",
    ]);
  });

  it.each(SPLITS)("normalizes OpenAI-shaped streams with reasoning, split every %j bytes", async (...sizes) => {
    const qwen = "@cf/qwen/qwen3-30b-a3b-fp8";
    expect(await translate(openAiShapedReasoning, sizes, qwen)).toEqual([
      chunk({ role: "assistant", content: "" }, null, qwen),
      chunk({ reasoning_content: "The user greets me." }, null, qwen),
      chunk({ content: "Hello! How can I help?" }, null, qwen),
      chunk({}, "stop", qwen),
      usageChunk({ prompt_tokens: 12, completion_tokens: 17, total_tokens: 29 }, qwen),
      "[DONE]",
    ]);
  });

  it("gives whole flat tool calls their own indexes and generated ids", async () => {
    const sse =
      'data: {"response":null,"tool_calls":[{"name":"get_weather","arguments":{"city":"Paris"}},{"name":"get_time","arguments":{"zone":"Europe/Paris"}}]}\n\n' +
      "data: [DONE]\n\n";
    expect(await translate(sse, [9])).toEqual([
      chunk({ role: "assistant", content: "" }),
      chunk({
        tool_calls: [
          {
            index: 0,
            id: "call_generated_1",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Paris"}' },
          },
          {
            index: 1,
            id: "call_generated_2",
            type: "function",
            function: { name: "get_time", arguments: '{"zone":"Europe/Paris"}' },
          },
        ],
      }),
      chunk({}, "tool_calls"),
      "[DONE]",
    ]);
  });

  it("ends a stream cut short with an in-band error and [DONE]", async () => {
    const truncated = 'data: {"response":"Bonjour","p":"abc"}\n\ndata: {"response":" —';
    expect(await translate(truncated, [4])).toEqual([
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Bonjour" }),
      { error: { message: "Workers AI sent a stream event the gateway could not read.", type: "upstream_error" } },
      "[DONE]",
    ]);
    const cleanCut = 'data: {"response":"Bonjour","p":"abc"}\n\n';
    expect(await translate(cleanCut, [4])).toEqual([
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Bonjour" }),
      { error: { message: "The Workers AI stream ended before it was complete.", type: "upstream_error" } },
      "[DONE]",
    ]);
  });

  it("turns an in-band error event into an error chunk without its text, and ignores what follows", async () => {
    const sse =
      'data: {"response":"Hi"}\n\ndata: {"error":"AiError: 3040: Capacity temporarily exceeded"}\n\ndata: {"response":" there"}\n\ndata: [DONE]\n\n';
    expect(await translate(sse, [13])).toEqual([
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Hi" }),
      { error: { message: "Workers AI sent a stream event the gateway could not read.", type: "upstream_error" } },
      "[DONE]",
    ]);
  });

  it("still opens and finishes an empty but complete stream", async () => {
    expect(await translate("data: [DONE]\n\n", [3])).toEqual([
      chunk({ role: "assistant", content: "" }),
      chunk({}, "stop"),
      "[DONE]",
    ]);
  });
});
