import { describe, expect, it } from "vitest";
import type { ApiFormat } from "../../../workers/core/formats/api-format.ts";
import { inboundAdapterFor } from "../../../workers/core/formats/format-registry.ts";
import { extractSessionCall } from "../../../workers/core/session/extract-session-call.ts";

/** The same exchange in each client format: a question, the model's tool call, its result. */
const conversations: Record<ApiFormat, Record<string, unknown>> = {
  "anthropic-messages": {
    model: "m",
    max_tokens: 100,
    system: "Be brief.",
    messages: [
      { role: "user", content: "Weather in Paris?" },
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } }],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "call_1", content: "18C" }] },
    ],
  },
  "openai-chat": {
    model: "m",
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Weather in Paris?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "18C" },
    ],
  },
  "openai-responses": {
    model: "m",
    instructions: "Be brief.",
    input: [
      { type: "message", role: "user", content: [{ type: "input_text", text: "Weather in Paris?" }] },
      { type: "function_call", call_id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' },
      { type: "function_call_output", call_id: "call_1", output: "18C" },
    ],
  },
  gemini: {
    systemInstruction: { parts: [{ text: "Be brief." }] },
    contents: [
      { role: "user", parts: [{ text: "Weather in Paris?" }] },
      { role: "model", parts: [{ functionCall: { id: "call_1", name: "get_weather", args: { city: "Paris" } } }] },
      {
        role: "user",
        parts: [{ functionResponse: { id: "call_1", name: "get_weather", response: { output: "18C" } } }],
      },
    ],
  },
};

describe("extractSessionCall", () => {
  for (const [format, body] of Object.entries(conversations) as Array<[ApiFormat, Record<string, unknown>]>) {
    it(`reads the tool call and its result from a ${format} request`, () => {
      const content = extractSessionCall(inboundAdapterFor(format).parseRequest(body), "metadata");
      expect(content.toolCalls).toEqual([
        { id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', messageIndex: 1 },
      ]);
      expect(content.toolResults).toEqual([
        { toolCallId: "call_1", toolName: "get_weather", result: "18C", isError: false },
      ]);
      expect(content).toMatchObject({ messageCount: 3, startsTurn: false, newMessages: null, system: null });
    });
  }

  const ir = inboundAdapterFor("anthropic-messages").parseRequest({
    model: "m",
    max_tokens: 300,
    temperature: 0.5,
    system: "Be brief.",
    tools: [{ name: "get_weather", input_schema: { type: "object" } }],
    messages: [
      { role: "user", content: "Weather in Paris?" },
      {
        role: "assistant",
        content: [{ type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } }],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "call_1", content: "18C", is_error: true }] },
      { role: "assistant", content: "It is 18C." },
      { role: "user", content: "And Berlin?" },
    ],
  });

  it("reads only what is new since the last answer: a new user message starts a turn", () => {
    const content = extractSessionCall(ir, "metadata");
    expect(content).toMatchObject({ messageCount: 5, startsTurn: true, toolCalls: [], toolResults: [] });
    expect(content.parameters).toEqual({
      temperature: 0.5,
      topP: null,
      maxOutputTokens: 300,
      reasoningEffort: null,
      toolCount: 1,
      stream: false,
    });
  });

  it("keeps the new messages under `full` (the system prompt only on a conversation's first call), nothing under `none`", () => {
    expect(extractSessionCall(ir, "full")).toMatchObject({
      newMessages: [
        { role: "assistant", content: [{ type: "text", text: "It is 18C." }] },
        { role: "user", content: [{ type: "text", text: "And Berlin?" }] },
      ],
      system: null,
    });
    const first = extractSessionCall({ ...ir, messages: ir.messages.slice(0, 1) }, "full");
    expect(first).toMatchObject({ startsTurn: true, system: [{ type: "text", text: "Be brief." }] });
    expect(first.newMessages).toHaveLength(1);
    const none = extractSessionCall({ ...ir, messages: ir.messages.slice(0, 3) }, "none");
    expect(none.toolCalls).toEqual([{ id: "call_1", name: "get_weather", arguments: null, messageIndex: 1 }]);
    expect(none.toolResults).toEqual([{ toolCallId: "call_1", toolName: "get_weather", result: null, isError: true }]);
  });
});
