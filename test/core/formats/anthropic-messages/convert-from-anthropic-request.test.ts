import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { convertFromAnthropicRequest } from "../../../../workers/core/formats/anthropic-messages/convert-from-anthropic-request.ts";
import type { IrRequest } from "../../../../workers/core/ir/request.ts";
import claudeCodeRequest from "../../../fixtures/anthropic-messages/claude-code-request.json";

type FixtureTool = { name: string; description?: string; input_schema?: Record<string, unknown> };
const [bashTool, readTool, notebookTool] = claudeCodeRequest.tools as FixtureTool[];

function expectBadRequest(body: unknown, param: string, message: RegExp) {
  let caught: unknown;
  try {
    convertFromAnthropicRequest(body);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(GatewayError);
  const error = caught as GatewayError;
  expect(error.code).toBe("invalid_request");
  expect(error.status).toBe(400);
  expect(error.param).toBe(param);
  expect(error.message).toMatch(message);
}

const minimal = { model: "claude-sonnet-4-6", max_tokens: 1024, messages: [{ role: "user", content: "Hi" }] };

describe("convertFromAnthropicRequest, a Claude Code request", () => {
  it("maps every field to the IR and reports what the IR cannot hold, with its path", () => {
    const ir = convertFromAnthropicRequest(claudeCodeRequest);
    const expected: IrRequest = {
      model: "claude-sonnet-4-6",
      system: [
        {
          type: "text",
          text: "You are Claude Code, Anthropic's official CLI for Claude.",
          cacheControl: { type: "ephemeral" },
        },
        {
          type: "text",
          text: "You are an interactive CLI tool that helps users with software engineering tasks. Use the instructions below and the tools available to you to assist the user.",
          cacheControl: { type: "ephemeral", ttl: "1h" },
        },
      ],
      messages: [
        { role: "user", content: [{ type: "text", text: "What does the build script in package.json do?" }] },
        { role: "system", content: [{ type: "text", text: claudeCodeRequest.messages[1]?.content as string }] },
        {
          role: "assistant",
          content: [
            {
              type: "reasoning",
              text: "The user wants to know what the build script does. I should read package.json first.",
              signature:
                "EqQBCkYIBxgCKkDkP3TGx0a4nJ8kxAq2PqRz1m9pWbT7fYl0cVQ2ZsRrHh3u5oN8gJ6eK1dLfM4iS9yXwA7vB0tU2qE5cD6aH3hEgxZa8Vn2pQ4rT6sY1wUaDF0iH5jK7lM9nO2pQ3rS4tU5vW6xYiIwZ9aB8cD7eF6gH5iJ4kL3mN2oP1qR0sT9uV8wX7yZ6aB5cD4eF3gH2iJ1kL0mN9oPGAI=",
            },
            { type: "text", text: "I'll read package.json." },
            {
              type: "tool-call",
              id: "toolu_01D7FLrfh4GYq7yT1ULFeyMV",
              name: "Read",
              arguments: '{"file_path":"/home/dev/app/package.json"}',
            },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "toolu_01D7FLrfh4GYq7yT1ULFeyMV",
              toolName: "Read",
              content: [
                {
                  type: "text",
                  text: '     1\t{\n     2\t  "name": "app",\n     3\t  "scripts": { "build": "tsc -p . && vite build" }\n     4\t}\n',
                },
              ],
              isError: false,
              cacheControl: { type: "ephemeral" },
            },
          ],
        },
      ],
      tools: [
        {
          type: "function",
          name: "Bash",
          description: bashTool?.description,
          inputSchema: bashTool?.input_schema ?? {},
        },
        {
          type: "function",
          name: "Read",
          description: readTool?.description,
          inputSchema: readTool?.input_schema ?? {},
        },
        {
          type: "function",
          name: "NotebookEdit",
          description: notebookTool?.description,
          inputSchema: notebookTool?.input_schema ?? {},
        },
        {
          type: "provider",
          format: "anthropic-messages",
          name: "web_search",
          raw: { type: "web_search_20250305", name: "web_search", max_uses: 8 },
        },
      ],
      maxOutputTokens: 128000,
      reasoning: { enabled: true, effort: "medium" },
      stream: true,
      user: claudeCodeRequest.metadata.user_id,
      unmapped: [
        { path: "context_management", value: { edits: [{ type: "clear_thinking_20251015", keep: "all" }] } },
        { path: "tools[2].defer_loading", value: true },
        { path: "thinking.display", value: "omitted" },
      ],
    };
    expect(ir).toStrictEqual(expected);
  });
});

describe("convertFromAnthropicRequest, other shapes", () => {
  it("accepts string content, defaults stream to false and maps sampling, stops and tool choice", () => {
    const ir = convertFromAnthropicRequest({
      ...minimal,
      system: "Be brief.",
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ["\n\nHuman:"],
      tools: [{ name: "get_weather", input_schema: { type: "object" }, strict: true }],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    });
    expect(ir).toStrictEqual({
      model: "claude-sonnet-4-6",
      system: [{ type: "text", text: "Be brief." }],
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      tools: [{ type: "function", name: "get_weather", inputSchema: { type: "object" }, strict: true }],
      toolChoice: { type: "required" },
      parallelToolCalls: false,
      maxOutputTokens: 1024,
      temperature: 0.3,
      topP: 0.9,
      topK: 40,
      stopSequences: ["\n\nHuman:"],
      stream: false,
      unmapped: [],
    });
  });

  it("splits a user turn into tool results and user content in block order, and keeps images and documents", () => {
    const ir = convertFromAnthropicRequest({
      ...minimal,
      messages: [
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_01", name: "screenshot", input: {} }] },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "toolu_01",
              is_error: true,
              content: [
                { type: "text", text: "partial" },
                { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
              ],
            },
            { type: "text", text: "Also look at this:" },
            { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
            { type: "document", title: "notes.txt", source: { type: "text", media_type: "text/plain", data: "héllo" } },
          ],
        },
      ],
    });
    expect(ir.messages).toStrictEqual([
      { role: "assistant", content: [{ type: "tool-call", id: "toolu_01", name: "screenshot", arguments: "{}" }] },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "toolu_01",
            toolName: "screenshot",
            content: [
              { type: "text", text: "partial" },
              { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" } },
            ],
            isError: true,
          },
        ],
      },
      {
        role: "user",
        content: [
          { type: "text", text: "Also look at this:" },
          { type: "image", source: { kind: "url", url: "https://example.com/cat.jpg" } },
          {
            type: "file",
            source: { kind: "base64", mediaType: "text/plain", data: "aMOpbGxv" },
            filename: "notes.txt",
          },
        ],
      },
    ]);
  });

  it("maps manual thinking, redacted thinking, max effort and structured outputs", () => {
    const ir = convertFromAnthropicRequest({
      ...minimal,
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: [{ type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix/LafPsn4a" }] },
        { role: "user", content: "Again" },
      ],
      thinking: { type: "enabled", budget_tokens: 10000 },
      output_config: { effort: "max", format: { type: "json_schema", schema: { type: "object" } } },
    });
    expect(ir.reasoning).toStrictEqual({ enabled: true, budgetTokens: 10000, effort: "xhigh" });
    expect(ir.responseFormat).toStrictEqual({
      type: "json_schema",
      name: "response",
      schema: { type: "object" },
      strict: true,
    });
    expect(ir.messages[1]).toStrictEqual({
      role: "assistant",
      content: [{ type: "reasoning", text: "", redactedData: "EmwKAhgBEgy3va3pzix/LafPsn4a" }],
    });
  });

  it("reports blocks the IR cannot hold by path instead of losing them silently", () => {
    const serverToolUse = { type: "server_tool_use", id: "srvtoolu_01", name: "web_search", input: { query: "x" } };
    const ir = convertFromAnthropicRequest({
      ...minimal,
      service_tier: "auto",
      messages: [
        { role: "user", content: [{ type: "text", text: "Search", citations: [] }] },
        { role: "assistant", content: [serverToolUse, { type: "text", text: "Found it." }] },
      ],
    });
    expect(ir.unmapped).toStrictEqual([
      { path: "service_tier", value: "auto" },
      { path: "messages[0].content[0].citations", value: [] },
      { path: "messages[1].content[0]", value: serverToolUse },
    ]);
    expect(ir.messages[1]).toStrictEqual({ role: "assistant", content: [{ type: "text", text: "Found it." }] });
  });
});

describe("convertFromAnthropicRequest, invalid bodies", () => {
  it("names a missing model", () => {
    expectBadRequest({ max_tokens: 10, messages: [] }, "model", /Missing required parameter: 'model'/);
  });

  it("names a max_tokens of the wrong type", () => {
    expectBadRequest({ ...minimal, max_tokens: "lots" }, "max_tokens", /expected number, but got a string/);
  });

  it("names a text block whose text is not a string", () => {
    const body = { ...minimal, messages: [{ role: "user", content: [{ type: "text", text: 42 }] }] };
    expectBadRequest(body, "messages[0].content[0].text", /expected string, but got a number/);
  });

  it("names a tool_result without tool_use_id", () => {
    const body = { ...minimal, messages: [{ role: "user", content: [{ type: "tool_result", content: "ok" }] }] };
    expectBadRequest(body, "messages[0].content[0].tool_use_id", /Missing required parameter/);
  });

  it("names a custom tool without input_schema", () => {
    expectBadRequest({ ...minimal, tools: [{ name: "Bash" }] }, "tools[0].input_schema", /Missing required parameter/);
  });

  it("names an unknown tool_choice type", () => {
    expectBadRequest({ ...minimal, tool_choice: { type: "sometimes" } }, "tool_choice.type", /Invalid value/);
  });

  it("names a thinking budget of the wrong type", () => {
    const body = { ...minimal, thinking: { type: "enabled", budget_tokens: "10000" } };
    expectBadRequest(body, "thinking.budget_tokens", /expected number, but got a string/);
  });

  it("names a system block that is not text", () => {
    const body = { ...minimal, system: [{ type: "image", source: { type: "url", url: "https://example.com/a.png" } }] };
    expectBadRequest(body, "system[0].type", /Invalid value for 'system\[0\].type'/);
  });

  it("names an unknown message role", () => {
    expectBadRequest({ ...minimal, messages: [{ role: "tool", content: "x" }] }, "messages[0].role", /Invalid value/);
  });
});
