import { describe, expect, it } from "vitest";
import { convertWorkersAiOutput } from "../../../../workers/core/providers/transports/convert-workers-ai-output.ts";
import { workersAiOutputSchema } from "../../../../workers/core/providers/transports/workers-ai-output-api.ts";

const LLAMA = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";

function meta(model = LLAMA) {
  let calls = 0;
  return { id: "chatcmpl-7d2e41", created: 1795341600, model, newToolCallId: () => `call_generated_${++calls}` };
}

function convert(output: unknown, model = LLAMA) {
  return convertWorkersAiOutput(workersAiOutputSchema.parse(output), meta(model));
}

describe("convertWorkersAiOutput", () => {
  it("turns a native text output into a chat.completion with usage", () => {
    const output = {
      response: "The capital of France is Paris.",
      tool_calls: [],
      usage: { prompt_tokens: 31, completion_tokens: 8, total_tokens: 39 },
    };
    expect(convert(output)).toEqual({
      id: "chatcmpl-7d2e41",
      object: "chat.completion",
      created: 1795341600,
      model: LLAMA,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "The capital of France is Paris." },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 31, completion_tokens: 8, total_tokens: 39 },
    });
  });

  it("turns flat native tool calls into Chat tool calls with JSON text arguments", () => {
    const output = {
      response: null,
      tool_calls: [{ name: "get_weather", arguments: { city: "Paris", unit: "celsius" } }],
      usage: { prompt_tokens: 287, completion_tokens: 21 },
    };
    expect(convert(output)).toEqual({
      id: "chatcmpl-7d2e41",
      object: "chat.completion",
      created: 1795341600,
      model: LLAMA,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: "call_generated_1",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Paris","unit":"celsius"}' },
              },
            ],
          },
          finish_reason: "tool_calls",
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 287, completion_tokens: 21, total_tokens: 308 },
    });
  });

  it("keeps OpenAI-shaped outputs' reasoning, tool call ids and finish reason", () => {
    const qwen = "@cf/qwen/qwen3-30b-a3b-fp8";
    const output = {
      id: "chatcmpl-0e5b8c7d6a",
      object: "chat.completion",
      created: 1795341598,
      model: qwen,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "",
            reasoning_content: "I should look up the weather.",
            tool_calls: [
              {
                id: "chatcmpl-tool-81c0d2",
                type: "function",
                function: { name: "get_weather", arguments: '{"city": "Paris"}' },
              },
            ],
          },
          finish_reason: "tool_calls",
          stop_reason: null,
        },
      ],
      usage: { prompt_tokens: 190, completion_tokens: 40, total_tokens: 230 },
    };
    expect(convert(output, qwen)).toEqual({
      id: "chatcmpl-7d2e41",
      object: "chat.completion",
      created: 1795341600,
      model: qwen,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: null,
            reasoning_content: "I should look up the weather.",
            tool_calls: [
              {
                id: "chatcmpl-tool-81c0d2",
                type: "function",
                function: { name: "get_weather", arguments: '{"city": "Paris"}' },
              },
            ],
          },
          finish_reason: "tool_calls",
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 190, completion_tokens: 40, total_tokens: 230 },
    });
  });

  it("serializes a JSON-mode object response and leaves usage out when there is none", () => {
    const result = convert({ response: { answer: "Paris" } });
    expect(result.choices).toEqual([
      {
        index: 0,
        message: { role: "assistant", content: '{"answer":"Paris"}' },
        finish_reason: "stop",
        logprobs: null,
      },
    ]);
    expect(result).not.toHaveProperty("usage");
  });
});
