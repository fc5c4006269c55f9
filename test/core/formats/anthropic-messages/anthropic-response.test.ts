import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { anthropicErrorToGatewayError } from "../../../../workers/core/formats/anthropic-messages/anthropic-error.ts";
import { decodeAnthropicResponse } from "../../../../workers/core/formats/anthropic-messages/decode-anthropic-response.ts";
import { encodeAnthropicResponse } from "../../../../workers/core/formats/anthropic-messages/encode-anthropic-response.ts";
import type { IrResponse } from "../../../../workers/core/ir/response.ts";
import toolUseResponse from "../../../fixtures/anthropic-messages/tool-use-response.json";

const context = { model: "team-claude", responseId: "msg_gw_7f3a9c" };

describe("decodeAnthropicResponse", () => {
  it("decodes a tool_use response with thinking into IR, normalizing cached input tokens", () => {
    expect(decodeAnthropicResponse(toolUseResponse)).toStrictEqual({
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      model: "claude-sonnet-4-6",
      content: [
        {
          type: "reasoning",
          text: "The user asked for the weather in San Francisco, so I should call get_weather.",
          signature: toolUseResponse.content[0]?.signature,
        },
        { type: "text", text: "I'll check the current weather in San Francisco for you." },
        {
          type: "tool-call",
          id: "toolu_01A09q90qw90lq917835lq9",
          name: "get_weather",
          arguments: '{"location":"San Francisco, CA","unit":"celsius"}',
        },
      ],
      finishReason: "tool-calls",
      rawFinishReason: "tool_use",
      usage: {
        inputTokens: { total: 472 + 2048 + 1024, noCache: 472, cacheRead: 2048, cacheWrite: 1024 },
        outputTokens: { total: 89, text: 89, reasoning: 0 },
        raw: toolUseResponse.usage,
      },
    } satisfies IrResponse);
  });

  it("keeps the stop sequence and leaves out blocks of Anthropic-run tools", () => {
    const response = decodeAnthropicResponse({
      id: "msg_01",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-6",
      content: [
        { type: "server_tool_use", id: "srvtoolu_01", name: "web_search", input: { query: "weather" } },
        { type: "web_search_tool_result", tool_use_id: "srvtoolu_01", content: [] },
        { type: "redacted_thinking", data: "EmwKAhgB" },
        { type: "text", text: "Sunny" },
      ],
      stop_reason: "stop_sequence",
      stop_sequence: "###",
      usage: { input_tokens: 10, output_tokens: 2 },
    });
    expect(response.content).toStrictEqual([
      { type: "reasoning", text: "", redactedData: "EmwKAhgB" },
      { type: "text", text: "Sunny" },
    ]);
    expect(response.finishReason).toBe("stop");
    expect(response.rawFinishReason).toBe("stop_sequence");
    expect(response.stopSequence).toBe("###");
  });

  it("refuses a body that is not a message", () => {
    expect(() => decodeAnthropicResponse({ content: "nope" })).toThrow(GatewayError);
  });
});

describe("encodeAnthropicResponse", () => {
  it("re-encodes the decoded tool_use response as the client's model, with cache usage fields", () => {
    const encoded = encodeAnthropicResponse(decodeAnthropicResponse(toolUseResponse), context);
    expect(encoded).toStrictEqual({
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      type: "message",
      role: "assistant",
      model: "team-claude",
      content: toolUseResponse.content,
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 472, cache_creation_input_tokens: 1024, cache_read_input_tokens: 2048, output_tokens: 89 },
    });
  });

  it("encodes another provider's response: msg_ id, mapped stop reason, uncached input tokens", () => {
    const fromOpenAi: IrResponse = {
      id: "chatcmpl-BxY7",
      model: "gpt-4o",
      content: [
        { type: "reasoning", text: "Thinking about it." },
        { type: "reasoning", text: "", encryptedContent: "gAAAAB" },
        { type: "text", text: "Done." },
        { type: "tool-call", id: "call_1", name: "run", arguments: "not json" },
      ],
      finishReason: "length",
      rawFinishReason: "length",
      usage: {
        inputTokens: { total: 1000, noCache: 800, cacheRead: 200, cacheWrite: 0 },
        outputTokens: { total: 50, text: 30, reasoning: 20 },
      },
    };
    expect(encodeAnthropicResponse(fromOpenAi, context)).toStrictEqual({
      id: "msg_gw_7f3a9c",
      type: "message",
      role: "assistant",
      model: "team-claude",
      content: [
        { type: "thinking", thinking: "Thinking about it.", signature: "" },
        { type: "text", text: "Done." },
        { type: "tool_use", id: "call_1", name: "run", input: { _raw_arguments: "not json" } },
      ],
      stop_reason: "max_tokens",
      stop_sequence: null,
      usage: { input_tokens: 800, cache_creation_input_tokens: 0, cache_read_input_tokens: 200, output_tokens: 50 },
    });
  });
});

describe("anthropicErrorToGatewayError", () => {
  it("keeps the upstream status and message of a request error", () => {
    const error = anthropicErrorToGatewayError(400, {
      type: "error",
      error: { type: "invalid_request_error", message: "prompt is too long: 210000 tokens > 200000 maximum" },
      request_id: "req_011CSHoEeqs5C35K2UUqR7Fy",
    });
    expect(error.code).toBe("invalid_request");
    expect(error.status).toBe(400);
    expect(error.message).toBe("prompt is too long: 210000 tokens > 200000 maximum");
  });

  it("marks overload and rate limits retryable, and hides upstream credential failures behind a 502", () => {
    const overloaded = anthropicErrorToGatewayError(529, {
      type: "error",
      error: { type: "overloaded_error", message: "Overloaded" },
    });
    expect([overloaded.code, overloaded.status, overloaded.isRetryable]).toStrictEqual(["upstream_error", 529, true]);
    const limited = anthropicErrorToGatewayError(429, {
      type: "error",
      error: { type: "rate_limit_error", message: "Slow down" },
    });
    expect([limited.code, limited.status, limited.isRetryable]).toStrictEqual(["rate_limited", 429, true]);
    const unauthorized = anthropicErrorToGatewayError(401, "<html>nope</html>");
    expect([unauthorized.code, unauthorized.status, unauthorized.message]).toStrictEqual([
      "upstream_error",
      502,
      "The upstream provider returned HTTP 401.",
    ]);
  });
});
