import { describe, expect, it } from "vitest";
import { buildWorkersAiRunInputs } from "../../../../workers/core/providers/transports/build-workers-ai-run-inputs.ts";

const TOOLS = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Current weather for a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];

describe("buildWorkersAiRunInputs", () => {
  it("passes the fields Workers AI accepts and leaves out the rest", () => {
    const body = {
      model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools: TOOLS,
      tool_choice: "auto",
      temperature: 0.4,
      top_p: 0.9,
      seed: 42,
      frequency_penalty: 0.1,
      presence_penalty: 0.2,
      max_tokens: 300,
      stream: true,
      stream_options: { include_usage: true },
      stop: ["\n\n"],
      n: 1,
      user: "user-1842",
      parallel_tool_calls: true,
      metadata: { team: "search" },
    };
    expect(buildWorkersAiRunInputs(body, true)).toEqual({
      messages: [{ role: "user", content: "Weather in Paris?" }],
      tools: TOOLS,
      tool_choice: "auto",
      temperature: 0.4,
      top_p: 0.9,
      seed: 42,
      frequency_penalty: 0.1,
      presence_penalty: 0.2,
      max_tokens: 300,
      stream: true,
    });
  });

  it("fills null content with an empty string and omits stream when not streaming", () => {
    const body = {
      messages: [
        { role: "user", content: "Weather in Paris?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"temp_c":11}' },
      ],
      max_completion_tokens: 128,
      temperature: null,
    };
    expect(buildWorkersAiRunInputs(body, false)).toEqual({
      messages: [
        { role: "user", content: "Weather in Paris?" },
        {
          role: "assistant",
          content: "",
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"temp_c":11}' },
      ],
      max_tokens: 128,
    });
  });

  it("unwraps an OpenAI json_schema response_format to the schema Workers AI expects", () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
    const inputs = buildWorkersAiRunInputs(
      {
        messages: [{ role: "user", content: "Answer in JSON" }],
        response_format: { type: "json_schema", json_schema: { name: "answer", schema, strict: true } },
      },
      false,
    );
    expect(inputs.response_format).toEqual({ type: "json_schema", json_schema: schema });
    const jsonObject = buildWorkersAiRunInputs({ messages: [], response_format: { type: "json_object" } }, false);
    expect(jsonObject.response_format).toEqual({ type: "json_object" });
  });
});
