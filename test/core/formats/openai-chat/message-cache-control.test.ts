import { describe, expect, it } from "vitest";
import { anthropicMessages } from "../../../../workers/core/formats/anthropic-messages/index.ts";
import { openAiChat } from "../../../../workers/core/formats/openai-chat/index.ts";

// The exact shape OpenCode 1.18.33 sends for Anthropic-backed models: cache_control on whole messages.
const openCodeBody = {
  model: "anthropic-upstream",
  max_tokens: 32000,
  messages: [
    { role: "system", content: "You are opencode.", cache_control: { type: "ephemeral" } },
    { role: "user", content: "Run the proof command", cache_control: { type: "ephemeral" } },
    {
      role: "assistant",
      content: "",
      tool_calls: [{ id: "call_1", type: "function", function: { name: "bash", arguments: '{"command":"echo hi"}' } }],
    },
    { role: "tool", tool_call_id: "call_1", content: "hi", cache_control: { type: "ephemeral" } },
  ],
  tools: [{ type: "function", function: { name: "bash", parameters: { type: "object" } } }],
  stream: true,
  stream_options: { include_usage: true },
};

describe("message-level cache_control from Chat clients", () => {
  it("becomes a cache breakpoint on the message's last part and reaches Anthropic without drop_params", () => {
    const request = openAiChat.parseRequest(structuredClone(openCodeBody));
    expect(request.unmapped).toEqual([]);
    expect(request.system).toEqual([{ type: "text", text: "You are opencode.", cacheControl: { type: "ephemeral" } }]);
    expect(request.messages[0]).toEqual({
      role: "user",
      content: [{ type: "text", text: "Run the proof command", cacheControl: { type: "ephemeral" } }],
    });
    expect(request.messages[2]).toMatchObject({
      role: "tool",
      content: [{ type: "tool-result", toolCallId: "call_1", cacheControl: { type: "ephemeral" } }],
    });

    const built = anthropicMessages.buildRequest(request, { upstreamModel: "claude-sonnet-4-5", dropParams: false });
    expect(built.body.system).toEqual([
      { type: "text", text: "You are opencode.", cache_control: { type: "ephemeral" } },
    ]);
    expect(JSON.stringify(built.body.messages)).toContain('"tool_use_id":"call_1"');
    expect(JSON.stringify(built.body.messages).match(/cache_control/g)).toHaveLength(2);
  });

  it("refuses a malformed one, naming it", () => {
    const body = structuredClone(openCodeBody);
    (body.messages[1] as Record<string, unknown>).cache_control = { type: "forever" };
    expect(() => openAiChat.parseRequest(body)).toThrowError(/messages\[1\]\.cache_control/);
  });
});
