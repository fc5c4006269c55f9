import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { decodeBedrockResponse } from "../../../../workers/core/formats/bedrock-converse/decode-bedrock-response.ts";
import toolUseResponse from "../../../fixtures/bedrock-converse/response-tool-use.json";

describe("decodeBedrockResponse", () => {
  it("decodes reasoning, text and a tool call, with cache-aware usage", () => {
    expect(decodeBedrockResponse(toolUseResponse)).toEqual({
      id: "",
      model: "",
      content: [
        {
          type: "reasoning",
          text: "The user wants the weather in Paris. I should call get_weather with the city.",
          signature:
            "EqQBCkgIBhABGAIiQKx1dGhTeXJqY0x3V0Z0b2dWb2dHQmZQZ3lqcFJmR3Z0YkJ2c1ZrR0ZkRWdFEgzZ2nyP5iKz1m8hT0caDC7c",
        },
        { type: "text", text: "I'll check the current weather in Paris for you." },
        {
          type: "tool-call",
          id: "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q",
          name: "get_weather",
          arguments: '{"city":"Paris","unit":"celsius"}',
        },
      ],
      finishReason: "tool-calls",
      rawFinishReason: "tool_use",
      usage: {
        // inputTokens excludes cache reads and writes: 386 + 1024 + 256.
        inputTokens: { total: 1666, noCache: 386, cacheRead: 1024, cacheWrite: 256 },
        outputTokens: { total: 112, text: 112, reasoning: 0 },
        raw: toolUseResponse.usage,
      },
    });
  });

  it("maps Bedrock's stop reasons, keeping the raw value", () => {
    const decode = (stopReason: string) =>
      decodeBedrockResponse({ output: { message: { role: "assistant", content: [] } }, stopReason });
    expect(decode("end_turn")).toMatchObject({ finishReason: "stop", rawFinishReason: "end_turn" });
    expect(decode("max_tokens")).toMatchObject({ finishReason: "length" });
    expect(decode("model_context_window_exceeded")).toMatchObject({ finishReason: "length" });
    expect(decode("guardrail_intervened")).toMatchObject({ finishReason: "content-filter" });
    expect(decode("content_filtered")).toMatchObject({ finishReason: "content-filter" });
    expect(decode("malformed_tool_use")).toMatchObject({
      finishReason: "other",
      rawFinishReason: "malformed_tool_use",
    });
  });

  it("keeps redacted reasoning as opaque data", () => {
    const response = decodeBedrockResponse({
      output: {
        message: { role: "assistant", content: [{ reasoningContent: { redactedContent: "RXJyb3IgcmVkYWN0ZWQ=" } }] },
      },
      stopReason: "end_turn",
      usage: { inputTokens: 5, outputTokens: 7, totalTokens: 12 },
    });
    expect(response.content).toEqual([{ type: "reasoning", text: "", redactedData: "RXJyb3IgcmVkYWN0ZWQ=" }]);
  });

  it("refuses a body that is not a Converse response", () => {
    expect(() => decodeBedrockResponse({ output: "nope" })).toThrow(GatewayError);
  });
});
