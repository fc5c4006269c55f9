import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { openAiChat } from "../../../../workers/core/formats/openai-chat/index.ts";
import type { IrResponse } from "../../../../workers/core/ir/response.ts";
import textResponse from "../../../fixtures/openai-chat/non-stream-text.json";
import toolCallsResponse from "../../../fixtures/openai-chat/non-stream-tool-calls.json";

const context = { model: "team-gpt", responseId: "chatcmpl-sy_01JD8Q4M2X" };

describe("openAiChat.decodeResponse", () => {
  it("decodes tool calls, the finish reason and usage with cached tokens", () => {
    expect(openAiChat.decodeResponse(toolCallsResponse)).toEqual({
      id: "chatcmpl-CTq3wK2mB8xV5nR1pL7aYdE4zQ9uJ",
      model: "gpt-4.1-2025-04-14",
      content: [
        {
          type: "tool-call",
          id: "call_Hc1bXq7T0bW9sY2kL4mN5pQr",
          name: "bash",
          arguments: '{"command":"ls -la","description":"Lists files in current directory"}',
        },
        {
          type: "tool-call",
          id: "call_8fJ2kLmN3oP4qR5sT6uV7wXy",
          name: "read",
          arguments: '{"filePath":"/home/dev/project/package.json"}',
        },
      ],
      finishReason: "tool-calls",
      rawFinishReason: "tool_calls",
      usage: {
        inputTokens: { total: 1893, noCache: 229, cacheRead: 1664, cacheWrite: 0 },
        outputTokens: { total: 71, text: 71, reasoning: 0 },
        raw: toolCallsResponse.usage,
      },
    });
  });

  it("decodes text, and reasoning from compatible providers before it", () => {
    const decoded = openAiChat.decodeResponse({
      ...textResponse,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Paris.", reasoning_content: "Capital of France." },
          finish_reason: "stop",
        },
      ],
    });
    expect(decoded.content).toEqual([
      { type: "reasoning", text: "Capital of France." },
      { type: "text", text: "Paris." },
    ]);
    expect(decoded.finishReason).toBe("stop");
  });

  it("treats 'stop' with tool calls as tool calls, and unknown reasons as other", () => {
    const stopWithCalls = structuredClone(toolCallsResponse);
    const choice = stopWithCalls.choices[0];
    if (choice) choice.finish_reason = "stop";
    expect(openAiChat.decodeResponse(stopWithCalls)).toMatchObject({
      finishReason: "tool-calls",
      rawFinishReason: "stop",
    });
    const unknown = { ...textResponse, choices: [{ index: 0, message: { content: "x" }, finish_reason: "eos" }] };
    expect(openAiChat.decodeResponse(unknown)).toMatchObject({ finishReason: "other", rawFinishReason: "eos" });
  });

  it("refuses a body that is not a chat completion as an upstream error", () => {
    let caught: unknown;
    try {
      openAiChat.decodeResponse({ choices: "nope" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect(caught).toMatchObject({ code: "upstream_error", status: 502 });
  });
});

describe("openAiChat.encodeResponse", () => {
  const response: IrResponse = {
    id: "msg_01XFDUDYJgAACzvnptvVoYEL",
    model: "claude-sonnet-4-5-20250929",
    content: [
      { type: "reasoning", text: "Need the file list.", signature: "EqQBCkYIBxgC" },
      { type: "text", text: "Listing files" },
      { type: "text", text: " now." },
      { type: "tool-call", id: "toolu_01A09q90qw90lq917835lq9", name: "bash", arguments: '{"command":"ls"}' },
    ],
    finishReason: "tool-calls",
    rawFinishReason: "tool_use",
    usage: {
      inputTokens: { total: 2100, noCache: 100, cacheRead: 1800, cacheWrite: 200 },
      outputTokens: { total: 40, text: 30, reasoning: 10 },
    },
  };

  it("encodes a chat.completion with tool calls, reasoning_content and usage", () => {
    expect(openAiChat.encodeResponse(response, context)).toEqual({
      id: "chatcmpl-sy_01JD8Q4M2X",
      object: "chat.completion",
      created: expect.any(Number),
      model: "team-gpt",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "Listing files now.",
            refusal: null,
            reasoning_content: "Need the file list.",
            tool_calls: [
              {
                id: "toolu_01A09q90qw90lq917835lq9",
                type: "function",
                function: { name: "bash", arguments: '{"command":"ls"}' },
              },
            ],
          },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      usage: {
        prompt_tokens: 2100,
        completion_tokens: 40,
        total_tokens: 2140,
        prompt_tokens_details: { cached_tokens: 1800 },
        completion_tokens_details: { reasoning_tokens: 10 },
      },
    });
  });

  it("keeps an upstream chatcmpl id, sends content null beside tool calls only, and maps budget cuts to length", () => {
    const encoded = openAiChat.encodeResponse(
      {
        ...response,
        id: "chatcmpl-CTq3wK2mB8xV5nR1pL7aYdE4zQ9uJ",
        content: response.content.filter((part) => part.type === "tool-call"),
      },
      context,
    ) as { id: string; choices: Array<{ message: { content: unknown } }> };
    expect(encoded.id).toBe("chatcmpl-CTq3wK2mB8xV5nR1pL7aYdE4zQ9uJ");
    expect(encoded.choices[0]?.message.content).toBeNull();
    const cut = openAiChat.encodeResponse({ ...response, content: [], finishReason: "length" }, context) as {
      choices: Array<{ message: { content: unknown }; finish_reason: string }>;
    };
    expect(cut.choices[0]).toMatchObject({ message: { content: "" }, finish_reason: "length" });
  });

  it("round-trips the upstream text fixture through the IR", () => {
    const encoded = openAiChat.encodeResponse(openAiChat.decodeResponse(textResponse), context);
    expect(encoded).toMatchObject({
      id: textResponse.id,
      choices: [
        { message: { role: "assistant", content: "Hello! How can I assist you today?" }, finish_reason: "stop" },
      ],
      usage: {
        prompt_tokens: 1000,
        completion_tokens: 10,
        total_tokens: 1010,
        prompt_tokens_details: { cached_tokens: 200 },
      },
    });
  });
});
