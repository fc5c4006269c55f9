import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { openAiChat } from "../../../../workers/core/formats/openai-chat/index.ts";
import titleRequest from "../../../fixtures/openai-chat/opencode-title-request.json";
import toolsRequest from "../../../fixtures/openai-chat/opencode-tools-request.json";

function parseError(body: unknown): GatewayError {
  try {
    openAiChat.parseRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected parseRequest to throw");
}

const user = (content: unknown) => ({ model: "team-gpt", messages: [{ role: "user", content }] });

describe("openAiChat.parseRequest", () => {
  it("turns OpenCode's title call (no tools) into the IR", () => {
    expect(openAiChat.parseRequest(titleRequest)).toEqual({
      model: "team-gpt",
      system: [{ type: "text", text: titleRequest.messages[0]?.content }],
      messages: [
        { role: "user", content: [{ type: "text", text: "Generate a title for this conversation:\n" }] },
        {
          role: "user",
          content: [{ type: "text", text: "list the files in this directory and show me package.json" }],
        },
      ],
      tools: [],
      maxOutputTokens: 1500,
      temperature: 0.5,
      stream: true,
      unmapped: [],
    });
  });

  it("turns OpenCode's tool loop into the IR: leading system messages, tool calls, merged tool results named by their call", () => {
    const ir = openAiChat.parseRequest(toolsRequest);
    expect(ir).toEqual({
      model: "team-gpt",
      system: [
        { type: "text", text: toolsRequest.messages[0]?.content },
        { type: "text", text: toolsRequest.messages[1]?.content },
      ],
      messages: [
        {
          role: "user",
          content: [{ type: "text", text: "list the files in this directory and show me package.json" }],
        },
        {
          role: "assistant",
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
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "call_Hc1bXq7T0bW9sY2kL4mN5pQr",
              toolName: "bash",
              content: [{ type: "text", text: toolsRequest.messages[4]?.content }],
              isError: false,
            },
            {
              type: "tool-result",
              toolCallId: "call_8fJ2kLmN3oP4qR5sT6uV7wXy",
              toolName: "read",
              content: [{ type: "text", text: toolsRequest.messages[5]?.content }],
              isError: false,
            },
          ],
        },
      ],
      tools: [
        {
          type: "function",
          name: "bash",
          description: "Executes a given bash command in a persistent shell session with optional timeout.",
          inputSchema: toolsRequest.tools[0]?.function.parameters,
        },
        {
          type: "function",
          name: "read",
          description: "Reads a file from the local filesystem.",
          inputSchema: toolsRequest.tools[1]?.function.parameters,
        },
      ],
      toolChoice: { type: "auto" },
      maxOutputTokens: 32000,
      stream: true,
      unmapped: [],
    });
  });

  it("keeps a system message after the first user turn in place", () => {
    const ir = openAiChat.parseRequest({
      model: "m",
      messages: [
        { role: "developer", content: [{ type: "text", text: "Be brief." }] },
        { role: "user", content: "hi" },
        { role: "system", content: "The user's timezone is UTC." },
        { role: "user", content: "what time is it?" },
      ],
    });
    expect(ir.system).toEqual([{ type: "text", text: "Be brief." }]);
    expect(ir.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "hi" }] },
      { role: "system", content: [{ type: "text", text: "The user's timezone is UTC." }] },
      { role: "user", content: [{ type: "text", text: "what time is it?" }] },
    ]);
  });

  it("maps images (data URLs to base64), files and cache hints on user parts", () => {
    const ir = openAiChat.parseRequest(
      user([
        { type: "text", text: "What is in these?", cache_control: { type: "ephemeral" } },
        { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
        { type: "image_url", image_url: { url: "https://example.com/cat.jpg", detail: "low" } },
        { type: "file", file: { filename: "report.pdf", file_data: "data:application/pdf;base64,JVBERi0xLjc=" } },
      ]),
    );
    expect(ir.messages[0]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "What is in these?", cacheControl: { type: "ephemeral" } },
        { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" } },
        { type: "image", source: { kind: "url", url: "https://example.com/cat.jpg" }, detail: "low" },
        {
          type: "file",
          source: { kind: "base64", mediaType: "application/pdf", data: "JVBERi0xLjc=" },
          filename: "report.pdf",
        },
      ],
    });
  });

  it("maps assistant reasoning_content, refusals and text parts in order", () => {
    const ir = openAiChat.parseRequest({
      model: "deepseek-reasoner",
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          reasoning_content: "Greeting.",
          content: [{ type: "text", text: "Hello!" }],
          refusal: "I can't share that.",
        },
      ],
    });
    expect(ir.messages[1]).toEqual({
      role: "assistant",
      content: [
        { type: "reasoning", text: "Greeting." },
        { type: "text", text: "Hello!" },
        { type: "text", text: "I can't share that." },
      ],
    });
  });

  it("maps sampling, limits, stop, response_format, reasoning_effort and user", () => {
    const ir = openAiChat.parseRequest({
      ...user("hi"),
      max_tokens: 100,
      max_completion_tokens: 200,
      top_p: 0.9,
      stop: "END",
      parallel_tool_calls: false,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "answer",
          strict: true,
          schema: { type: "object", properties: { a: { type: "string" } } },
        },
      },
      reasoning_effort: "high",
      user: "user-1234",
      stream: false,
    });
    expect(ir).toMatchObject({
      maxOutputTokens: 200,
      topP: 0.9,
      stopSequences: ["END"],
      parallelToolCalls: false,
      responseFormat: {
        type: "json_schema",
        name: "answer",
        strict: true,
        schema: { type: "object", properties: { a: { type: "string" } } },
      },
      reasoning: { enabled: true, effort: "high" },
      user: "user-1234",
      stream: false,
    });
    expect(openAiChat.parseRequest({ ...user("hi"), reasoning_effort: "none" }).reasoning).toEqual({ enabled: false });
  });

  it("reports what the IR does not model in unmapped, by path, and ignores no-op defaults", () => {
    const ir = openAiChat.parseRequest({
      model: "m",
      messages: [{ role: "user", content: "hi", name: "alice" }],
      seed: 42,
      n: 2,
      logit_bias: { "50256": -100 },
      presence_penalty: 0,
      logprobs: false,
      metadata: null,
      tool_choice: { type: "allowed_tools", allowed_tools: { mode: "auto", tools: [] } },
    });
    expect(ir.unmapped).toEqual([
      { path: "seed", value: 42 },
      { path: "logit_bias", value: { "50256": -100 } },
      { path: "n", value: 2 },
      { path: "messages[0].name", value: "alice" },
      { path: "tool_choice", value: { type: "allowed_tools", allowed_tools: { mode: "auto", tools: [] } } },
    ]);
    expect(openAiChat.parseRequest({ ...user("hi"), n: 1 }).unmapped).toEqual([]);
  });

  it("keeps non-function tools as provider tools and maps a named tool_choice", () => {
    const ir = openAiChat.parseRequest({
      ...user("hi"),
      tools: [
        { type: "function", function: { name: "noop" } },
        { type: "custom", custom: { name: "apply_patch", description: "Apply a patch" } },
      ],
      tool_choice: { type: "function", function: { name: "noop" } },
    });
    expect(ir.tools).toEqual([
      { type: "function", name: "noop", inputSchema: { type: "object", properties: {} } },
      {
        type: "provider",
        format: "openai-chat",
        name: "apply_patch",
        raw: { type: "custom", custom: { name: "apply_patch", description: "Apply a patch" } },
      },
    ]);
    expect(ir.toolChoice).toEqual({ type: "tool", name: "noop" });
  });

  it.each([
    [{ model: "m" }, "messages", "Missing required parameter: 'messages'."],
    [{ model: "m", messages: [] }, "messages", "Invalid value for 'messages': must be at least 1 item(s)."],
    [{ ...user("hi"), temperature: 3 }, "temperature", "Invalid value for 'temperature': must be at most 2."],
    [
      user([
        { type: "text", text: "hi" },
        { type: "video", video: {} },
      ]),
      "messages[0].content[1].type",
      `Invalid value for 'messages[0].content[1].type': expected one of "text", "image_url", "file", "input_audio".`,
    ],
    [
      user([{ type: "text", text: 42 }]),
      "messages[0].content[0].text",
      "Invalid type for 'messages[0].content[0].text': expected string, but got a number instead.",
    ],
    [
      {
        model: "m",
        messages: [
          { role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: {} } }] },
        ],
      },
      "messages[0].tool_calls[0].function.arguments",
      undefined,
    ],
    [{ model: "m", messages: [{ role: "tool", content: "x" }] }, "messages[0].tool_call_id", undefined],
  ])("refuses invalid bodies with a 400 naming the field (%#)", (body, param, message) => {
    const error = parseError(body);
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_request");
    expect(error.param).toBe(param);
    if (message !== undefined) expect(error.message).toBe(message);
  });

  it("refuses what it cannot translate, naming the field", () => {
    expect(parseError(user([{ type: "input_audio", input_audio: { data: "UklG", format: "wav" } }])).param).toBe(
      "messages[0].content[0].type",
    );
    expect(parseError(user([{ type: "file", file: { file_id: "file-abc123" } }])).param).toBe(
      "messages[0].content[0].file.file_id",
    );
    expect(parseError(user([{ type: "image_url", image_url: { url: "data:image/png,%89PNG" } }])).param).toBe(
      "messages[0].content[0].image_url.url",
    );
    expect(parseError({ model: "m", messages: [{ role: "function", name: "f", content: "{}" }] }).param).toBe(
      "messages[0].role",
    );
    expect(
      parseError({
        model: "m",
        messages: [{ role: "assistant", content: null, function_call: { name: "f", arguments: "{}" } }],
      }).param,
    ).toBe("messages[0].function_call");
  });
});
