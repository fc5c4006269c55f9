import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { openAiResponses } from "../../../../workers/core/formats/openai-responses/index.ts";
import { codex } from "./codex-fixture.ts";

function parseError(body: unknown): GatewayError {
  try {
    openAiResponses.parseRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected parseRequest to throw");
}

const minimal = { model: "team-codex", input: "Hi" };

describe("openAiResponses.parseRequest", () => {
  it("turns a Codex request into the canonical request, field by field", () => {
    expect(openAiResponses.parseRequest(codex.request)).toStrictEqual({
      model: "team-codex",
      system: [
        { type: "text", text: codex.instructions },
        { type: "text", text: codex.developerText },
      ],
      messages: [
        { role: "user", content: [{ type: "text", text: codex.environmentText }] },
        { role: "user", content: [{ type: "text", text: "List the files in this directory." }] },
        {
          role: "assistant",
          content: [
            {
              type: "reasoning",
              text: "**Listing the workspace**\n\nI'll run `ls -la`.",
              encryptedContent: codex.encryptedReasoning,
            },
            { type: "tool-call", id: codex.callId, name: "exec_command", arguments: '{"cmd":"ls -la"}' },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: codex.callId,
              toolName: "exec_command",
              content: [{ type: "text", text: codex.shellOutput }],
              isError: false,
            },
          ],
        },
      ],
      tools: [
        {
          type: "function",
          name: "exec_command",
          description: "Runs a command in a PTY, returning output or a session ID for ongoing interaction.",
          inputSchema: codex.execCommandTool?.parameters,
          strict: false,
        },
        { type: "provider", format: "openai-responses", name: "mcp__docs__", raw: codex.namespaceTool },
        { type: "provider", format: "openai-responses", name: "web_search", raw: { type: "web_search" } },
      ],
      toolChoice: { type: "auto" },
      parallelToolCalls: true,
      reasoning: { enabled: true, summary: "auto" },
      stream: true,
      // store, include, prompt_cache_key and client_metadata are harmless to drop.
      unmapped: [],
    });
  });

  it("keeps a developer message that follows other items in place as a system message", () => {
    const request = openAiResponses.parseRequest({
      model: "team-codex",
      input: [
        { role: "developer", content: "Be brief." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: [{ type: "output_text", text: "Hello!" }] },
        { type: "message", role: "system", content: [{ type: "input_text", text: "The user is on Linux." }] },
        { role: "user", content: "Which shell?" },
      ],
    });
    expect(request.system).toStrictEqual([{ type: "text", text: "Be brief." }]);
    expect(request.messages).toStrictEqual([
      { role: "user", content: [{ type: "text", text: "Hi" }] },
      { role: "assistant", content: [{ type: "text", text: "Hello!" }] },
      { role: "system", content: [{ type: "text", text: "The user is on Linux." }] },
      { role: "user", content: [{ type: "text", text: "Which shell?" }] },
    ]);
    expect(request.stream).toBe(false);
  });

  it("reads images and files, and reports OpenAI file ids as unmapped", () => {
    const request = openAiResponses.parseRequest({
      model: "team-codex",
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "What is in these?" },
            { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=", detail: "high" },
            { type: "input_image", image_url: "https://example.com/cat.jpg" },
            { type: "input_file", filename: "spec.pdf", file_data: "data:application/pdf;base64,JVBERi0xLjQ=" },
            { type: "input_image", file_id: "file-6F2ksmvXxt4VdoqmHRw6kL" },
          ],
        },
      ],
    });
    expect(request.messages).toStrictEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is in these?" },
          { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" }, detail: "high" },
          { type: "image", source: { kind: "url", url: "https://example.com/cat.jpg" } },
          {
            type: "file",
            source: { kind: "base64", mediaType: "application/pdf", data: "JVBERi0xLjQ=" },
            filename: "spec.pdf",
          },
        ],
      },
    ]);
    expect(request.unmapped).toStrictEqual([
      { path: "input[0].content[4].file_id", value: "file-6F2ksmvXxt4VdoqmHRw6kL" },
    ]);
  });

  it("reports what the IR cannot carry by path, and leaves out the harmless fields", () => {
    const request = openAiResponses.parseRequest({
      ...minimal,
      previous_response_id: "resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b",
      metadata: { ticket: "ENG-142" },
      background: false,
      input: [
        { type: "item_reference", id: "msg_68af40" },
        { role: "user", content: "Hi" },
      ],
      tool_choice: { type: "web_search_preview" },
      text: { verbosity: "low", stop_after: 3 },
      store: true,
      service_tier: "flex",
      truncation: "auto",
      include: ["message.output_text.logprobs"],
    });
    expect(request.unmapped).toStrictEqual([
      { path: "input[0]", value: { type: "item_reference", id: "msg_68af40" } },
      { path: "tool_choice", value: { type: "web_search_preview" } },
      { path: "previous_response_id", value: "resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b" },
      { path: "metadata", value: { ticket: "ENG-142" } },
      { path: "background", value: false },
      { path: "text.stop_after", value: 3 },
    ]);
  });

  it("maps sampling, output limits, structured output, tool choice and reasoning effort", () => {
    const schema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] };
    const request = openAiResponses.parseRequest({
      ...minimal,
      max_output_tokens: 2048,
      temperature: 0.2,
      top_p: 0.9,
      text: { format: { type: "json_schema", name: "answer", schema, strict: true } },
      tool_choice: { type: "function", name: "exec_command" },
      reasoning: { effort: "high", summary: "detailed" },
      safety_identifier: "user-4821",
    });
    expect(request).toMatchObject({
      maxOutputTokens: 2048,
      temperature: 0.2,
      topP: 0.9,
      responseFormat: { type: "json_schema", name: "answer", schema, strict: true },
      toolChoice: { type: "tool", name: "exec_command" },
      reasoning: { enabled: true, effort: "high", summary: "detailed" },
      user: "user-4821",
    });
    expect(openAiResponses.parseRequest({ ...minimal, reasoning: { effort: "none" } }).reasoning).toStrictEqual({
      enabled: false,
    });
  });

  it("answers 400 naming the field for wrong types and missing fields", () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ ...minimal, input: 42 }, "input", /Invalid value for 'input'/],
      [{ input: "Hi" }, "model", /Missing required parameter: 'model'/],
      [{ ...minimal, temperature: "hot" }, "temperature", /expected number, but got a string/],
      [{ ...minimal, stream: "yes" }, "stream", /'stream'/],
      [{ ...minimal, reasoning: { effort: "extreme" } }, "reasoning.effort", /'reasoning.effort'/],
      [
        { ...minimal, input: [{ type: "function_call_output", output: "ok" }] },
        "input[0].call_id",
        /Missing required parameter: 'input\[0\].call_id'/,
      ],
      [
        { ...minimal, input: [{ role: "user", content: [{ type: "output_text", text: "x" }] }] },
        "input[0].content[0].type",
        /'output_text' is not allowed in user messages/,
      ],
      [
        { ...minimal, input: [{ role: "critic", content: "x" }] },
        "input[0].role",
        /Invalid value for 'input\[0\].role'/,
      ],
      [{ ...minimal, tools: [{ type: "function", parameters: {} }] }, "tools[0].name", /'tools\[0\].name'/],
      [{ ...minimal, tool_choice: { type: "function" } }, "tool_choice.name", /'tool_choice.name'/],
    ];
    for (const [body, param, message] of cases) {
      const error = parseError(body);
      expect(error.status).toBe(400);
      expect(error.code).toBe("invalid_request");
      expect(error.param).toBe(param);
      expect(error.message).toMatch(message);
    }
  });
});
