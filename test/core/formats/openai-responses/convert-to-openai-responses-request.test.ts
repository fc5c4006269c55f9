import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { openAiResponses } from "../../../../workers/core/formats/openai-responses/index.ts";
import type { IrRequest } from "../../../../workers/core/ir/request.ts";
import { codex } from "./codex-fixture.ts";

const strictBuild = { upstreamModel: "gpt-5.1-codex", dropParams: false };

function buildError(request: IrRequest): GatewayError {
  try {
    openAiResponses.buildRequest(request, strictBuild);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected buildRequest to throw");
}

/** What an Anthropic Messages client's request looks like once in the IR. */
const fromAnthropic: IrRequest = {
  model: "team-claude",
  system: [{ type: "text", text: "You are Claude Code.", cacheControl: { type: "ephemeral" } }],
  messages: [
    { role: "user", content: [{ type: "text", text: "Read the screenshot and run the tests." }] },
    { role: "system", content: [{ type: "text", text: "Today is 2026-11-22." }] },
    {
      role: "assistant",
      content: [
        { type: "reasoning", text: "The user wants tests run.", signature: "EqQBCkYIBxgCKkDx9f2" },
        { type: "text", text: "Running them now." },
        { type: "tool-call", id: "toolu_01A2b3C4d5E6f7G8h9J0k1L2", name: "Bash", arguments: '{"command":"npm test"}' },
      ],
    },
    {
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: "toolu_01A2b3C4d5E6f7G8h9J0k1L2",
          content: [
            { type: "text", text: "1 failed" },
            { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" } },
          ],
          isError: true,
        },
      ],
    },
  ],
  tools: [
    { type: "function", name: "Bash", description: "Run a shell command.", inputSchema: { type: "object" } },
    { type: "provider", format: "anthropic-messages", name: "web_search", raw: { type: "web_search_20250305" } },
  ],
  toolChoice: { type: "tool", name: "Bash" },
  maxOutputTokens: 32000,
  responseFormat: { type: "json_object" },
  stream: true,
  user: "user-7f3a",
  unmapped: [],
};

describe("openAiResponses.buildRequest", () => {
  it("rebuilds a Codex request for a Responses upstream: items in order, encrypted reasoning replayed, store false", () => {
    const ir = openAiResponses.parseRequest(codex.request);
    const built = openAiResponses.buildRequest(ir, strictBuild);
    expect(built).toStrictEqual({
      body: {
        model: "gpt-5.1-codex",
        instructions: `${codex.instructions}\n\n${codex.developerText}`,
        input: [
          { type: "message", role: "user", content: [{ type: "input_text", text: codex.environmentText }] },
          {
            type: "message",
            role: "user",
            content: [{ type: "input_text", text: "List the files in this directory." }],
          },
          {
            type: "reasoning",
            summary: [{ type: "summary_text", text: "**Listing the workspace**\n\nI'll run `ls -la`." }],
            encrypted_content: codex.encryptedReasoning,
          },
          { type: "function_call", call_id: codex.callId, name: "exec_command", arguments: '{"cmd":"ls -la"}' },
          {
            type: "function_call_output",
            call_id: codex.callId,
            output: codex.shellOutput,
          },
        ],
        tools: [
          {
            type: "function",
            name: "exec_command",
            description: "Runs a command in a PTY, returning output or a session ID for ongoing interaction.",
            parameters: codex.execCommandTool?.parameters,
            strict: false,
          },
          codex.namespaceTool,
          { type: "web_search" },
        ],
        tool_choice: "auto",
        parallel_tool_calls: true,
        reasoning: { summary: "auto" },
        stream: true,
        store: false,
        include: ["reasoning.encrypted_content"],
      },
      dropped: [],
    });
  });

  it("refuses previous_response_id with a 400 naming it, and drops it under drop_params", () => {
    const ir = openAiResponses.parseRequest({
      model: "team-codex",
      input: "And now?",
      previous_response_id: "resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b",
    });
    const error = buildError(ir);
    expect(error.status).toBe(400);
    expect(error.param).toBe("previous_response_id");
    expect(error.message).toContain("'previous_response_id'");

    const built = openAiResponses.buildRequest(ir, { ...strictBuild, dropParams: true });
    expect(built.dropped).toStrictEqual(["previous_response_id"]);
    expect(built.body).toStrictEqual({
      model: "gpt-5.1-codex",
      input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "And now?" }] }],
      stream: false,
      store: false,
    });
  });

  it("translates another provider's conversation: foreign reasoning left out, images inline, non-strict tools", () => {
    const built = openAiResponses.buildRequest(fromAnthropic, { ...strictBuild, dropParams: true });
    expect(built).toStrictEqual({
      body: {
        model: "gpt-5.1-codex",
        instructions: "You are Claude Code.",
        input: [
          {
            type: "message",
            role: "user",
            content: [{ type: "input_text", text: "Read the screenshot and run the tests." }],
          },
          { type: "message", role: "developer", content: [{ type: "input_text", text: "Today is 2026-11-22." }] },
          { type: "message", role: "assistant", content: [{ type: "output_text", text: "Running them now." }] },
          {
            type: "function_call",
            call_id: "toolu_01A2b3C4d5E6f7G8h9J0k1L2",
            name: "Bash",
            arguments: '{"command":"npm test"}',
          },
          {
            type: "function_call_output",
            call_id: "toolu_01A2b3C4d5E6f7G8h9J0k1L2",
            output: [
              { type: "input_text", text: "1 failed" },
              { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=", detail: "auto" },
            ],
          },
        ],
        tools: [
          {
            type: "function",
            name: "Bash",
            description: "Run a shell command.",
            parameters: { type: "object" },
            strict: false,
          },
        ],
        tool_choice: { type: "function", name: "Bash" },
        max_output_tokens: 32000,
        text: { format: { type: "json_object" } },
        stream: true,
        store: false,
        user: "user-7f3a",
      },
      dropped: ["tools.web_search"],
    });
  });

  it("refuses another format's built-in tool, top_k and stop sequences by name unless drop_params", () => {
    expect(buildError(fromAnthropic).message).toContain("'web_search'");
    expect(buildError(fromAnthropic).param).toBe("tools");
    const plain: IrRequest = { ...fromAnthropic, tools: [] };
    expect(buildError({ ...plain, topK: 40 }).param).toBe("top_k");
    expect(buildError({ ...plain, stopSequences: ["\n\nHuman:"] }).param).toBe("stop");
    const built = openAiResponses.buildRequest(
      { ...plain, topK: 40, stopSequences: ["END"] },
      { ...strictBuild, dropParams: true },
    );
    expect(built.dropped).toStrictEqual(["top_k", "stop"]);
  });

  it("asks for encrypted reasoning whenever reasoning is on, and keeps effort and summary", () => {
    const built = openAiResponses.buildRequest(
      {
        ...fromAnthropic,
        tools: [],
        toolChoice: undefined,
        messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
        reasoning: { enabled: true, effort: "high", budgetTokens: 16000 },
      },
      strictBuild,
    );
    expect(built.body).toMatchObject({
      reasoning: { effort: "high" },
      store: false,
      include: ["reasoning.encrypted_content"],
    });
    const off = openAiResponses.buildRequest(
      { ...fromAnthropic, tools: [], reasoning: { enabled: false } },
      strictBuild,
    );
    expect(off.body).not.toHaveProperty("reasoning");
    expect(off.body).not.toHaveProperty("include");
  });
});
