import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { openAiChat } from "../../../../workers/core/formats/openai-chat/index.ts";
import type { IrRequest } from "../../../../workers/core/ir/request.ts";
import toolsRequest from "../../../fixtures/openai-chat/opencode-tools-request.json";

const bashSchema = {
  type: "object",
  properties: { command: { type: "string" }, description: { type: "string" } },
  required: ["command"],
};

/** What the Anthropic Messages parser produces for a Claude Code turn with tool results. */
const fromAnthropic: IrRequest = {
  model: "claude-group",
  system: [
    { type: "text", text: "You are Claude Code, Anthropic's official CLI for Claude." },
    { type: "text", text: "You are an interactive CLI tool.", cacheControl: { type: "ephemeral" } },
  ],
  messages: [
    {
      role: "user",
      content: [
        { type: "text", text: "What's in this screenshot? Then run the tests." },
        { type: "image", source: { kind: "base64", mediaType: "image/png", data: "iVBORw0KGgoAAAANSUhEUg==" } },
      ],
    },
    {
      role: "system",
      content: [{ type: "text", text: "<system-reminder>Today's date is 2026-11-22.</system-reminder>" }],
    },
    {
      role: "assistant",
      content: [
        { type: "reasoning", text: "The screenshot shows a red test run.", signature: "EqQBCkYIBxgCKkBm1wGkc8Qn" },
        { type: "text", text: "The screenshot shows a failing test. Running the suite now." },
        {
          type: "tool-call",
          id: "toolu_01A09q90qw90lq917835lq9",
          name: "Bash",
          arguments: '{"command":"npm test","description":"Run the test suite"}',
        },
        {
          type: "tool-call",
          id: "toolu_01BmF3kV7p2cXn8R4tW6yZ1a",
          name: "Read",
          arguments: '{"file_path":"/repo/a.ts"}',
        },
      ],
    },
    {
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: "toolu_01A09q90qw90lq917835lq9",
          content: [{ type: "text", text: "FAIL test/app.test.ts\n  ✕ adds numbers (3 ms)" }],
          isError: true,
          cacheControl: { type: "ephemeral" },
        },
        {
          type: "tool-result",
          toolCallId: "toolu_01BmF3kV7p2cXn8R4tW6yZ1a",
          content: [
            { type: "text", text: "export const add = (a, b) => a - b;" },
            { type: "image", source: { kind: "url", url: "https://example.com/diagram.png" } },
          ],
          isError: false,
        },
      ],
    },
    { role: "user", content: [{ type: "text", text: "Fix it." }] },
  ],
  tools: [
    {
      type: "function",
      name: "Bash",
      description: "Executes a bash command",
      inputSchema: bashSchema,
      cacheControl: { type: "ephemeral" },
    },
    {
      type: "provider",
      format: "anthropic-messages",
      name: "web_search",
      raw: { type: "web_search_20250305", name: "web_search", max_uses: 5 },
    },
  ],
  toolChoice: { type: "auto" },
  maxOutputTokens: 32000,
  temperature: 1,
  reasoning: { enabled: true, budgetTokens: 10000 },
  stream: true,
  user: "user_7c2f9e1a",
  unmapped: [],
};

function buildError(request: IrRequest, dropParams = false): GatewayError {
  try {
    openAiChat.buildRequest(request, { upstreamModel: "gpt-4.1", dropParams });
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected buildRequest to throw");
}

const minimal: IrRequest = {
  model: "g",
  system: [],
  messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
  tools: [],
  stream: false,
  unmapped: [],
};

describe("openAiChat.buildRequest", () => {
  it("builds a Chat body from an Anthropic-style conversation, dropping the foreign server tool under drop_params", () => {
    const built = openAiChat.buildRequest(fromAnthropic, { upstreamModel: "gpt-4.1", dropParams: true });
    expect(built.dropped).toEqual(["tools.web_search"]);
    expect(built.body).toEqual({
      model: "gpt-4.1",
      messages: [
        {
          role: "system",
          content: "You are Claude Code, Anthropic's official CLI for Claude.\n\nYou are an interactive CLI tool.",
        },
        {
          role: "user",
          content: [
            { type: "text", text: "What's in this screenshot? Then run the tests." },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==" } },
          ],
        },
        { role: "system", content: "<system-reminder>Today's date is 2026-11-22.</system-reminder>" },
        {
          role: "assistant",
          content: "The screenshot shows a failing test. Running the suite now.",
          tool_calls: [
            {
              id: "toolu_01A09q90qw90lq917835lq9",
              type: "function",
              function: { name: "Bash", arguments: '{"command":"npm test","description":"Run the test suite"}' },
            },
            {
              id: "toolu_01BmF3kV7p2cXn8R4tW6yZ1a",
              type: "function",
              function: { name: "Read", arguments: '{"file_path":"/repo/a.ts"}' },
            },
          ],
        },
        {
          role: "tool",
          tool_call_id: "toolu_01A09q90qw90lq917835lq9",
          content: "FAIL test/app.test.ts\n  ✕ adds numbers (3 ms)",
        },
        {
          role: "tool",
          tool_call_id: "toolu_01BmF3kV7p2cXn8R4tW6yZ1a",
          content: "export const add = (a, b) => a - b;",
        },
        { role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/diagram.png" } }] },
        { role: "user", content: "Fix it." },
      ],
      tools: [
        {
          type: "function",
          function: { name: "Bash", description: "Executes a bash command", parameters: bashSchema },
        },
      ],
      tool_choice: "auto",
      max_tokens: 32000,
      temperature: 1,
      reasoning_effort: "medium",
      user: "user_7c2f9e1a",
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("refuses a provider tool of another format by name without drop_params", () => {
    const error = buildError(fromAnthropic);
    expect(error.status).toBe(400);
    expect(error.param).toBe("tools.web_search");
    expect(error.message).toBe(
      "'tools.web_search' (anthropic-messages provider tool) cannot be expressed in OpenAI Chat Completions; remove it or enable drop_params to drop it.",
    );
  });

  it("refuses top_k and unmapped inbound fields by name, or drops and reports them", () => {
    const request: IrRequest = { ...minimal, topK: 40, unmapped: [{ path: "metadata", value: { user_id: "u" } }] };
    expect(buildError(request).param).toBe("topK");
    expect(buildError({ ...minimal, unmapped: request.unmapped }).param).toBe("metadata");
    const built = openAiChat.buildRequest(request, { upstreamModel: "gpt-4.1", dropParams: true });
    expect(built.dropped).toEqual(["topK", "metadata"]);
    expect(built.body).toEqual({ model: "gpt-4.1", messages: [{ role: "user", content: "hi" }] });
  });

  it("refuses a file given by URL, which Chat cannot carry", () => {
    const request: IrRequest = {
      ...minimal,
      messages: [
        { role: "user", content: [{ type: "file", source: { kind: "url", url: "https://example.com/a.pdf" } }] },
      ],
    };
    expect(buildError(request).param).toBe("messages[0].content[0]");
  });

  it("maps response format, explicit effort, stop sequences and tool options; omits tool options without tools", () => {
    const request: IrRequest = {
      ...minimal,
      tools: [{ type: "function", name: "noop", inputSchema: { type: "object" }, strict: true }],
      toolChoice: { type: "tool", name: "noop" },
      parallelToolCalls: false,
      stopSequences: ["\n\nHuman:"],
      topP: 0.5,
      responseFormat: { type: "json_schema", name: "answer", schema: { type: "object" }, strict: true },
      reasoning: { enabled: true, effort: "low", budgetTokens: 30000 },
    };
    expect(openAiChat.buildRequest(request, { upstreamModel: "o4-mini", dropParams: false }).body).toEqual({
      model: "o4-mini",
      messages: [{ role: "user", content: "hi" }],
      tools: [{ type: "function", function: { name: "noop", parameters: { type: "object" }, strict: true } }],
      tool_choice: { type: "function", function: { name: "noop" } },
      parallel_tool_calls: false,
      stop: ["\n\nHuman:"],
      top_p: 0.5,
      response_format: {
        type: "json_schema",
        json_schema: { name: "answer", schema: { type: "object" }, strict: true },
      },
      reasoning_effort: "low",
    });
    const withoutTools = { ...minimal, toolChoice: { type: "required" as const }, parallelToolCalls: true };
    expect(openAiChat.buildRequest(withoutTools, { upstreamModel: "m", dropParams: false }).body).toEqual({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
    });
    const disabled = { ...minimal, reasoning: { enabled: false } };
    expect(openAiChat.buildRequest(disabled, { upstreamModel: "m", dropParams: false }).body).not.toHaveProperty(
      "reasoning_effort",
    );
  });

  it("rebuilds OpenCode's own request for a Chat upstream with only the model, system joins and empty content changed", () => {
    const built = openAiChat.buildRequest(openAiChat.parseRequest(toolsRequest), {
      upstreamModel: "gpt-4.1",
      dropParams: false,
    });
    const [system0, system1, ...rest] = toolsRequest.messages;
    expect(built).toEqual({
      dropped: [],
      body: {
        ...toolsRequest,
        model: "gpt-4.1",
        messages: [
          { role: "system", content: `${system0?.content}\n\n${system1?.content}` },
          ...rest.map((message) => (message.role === "assistant" ? { ...message, content: null } : message)),
        ],
      },
    });
  });
});
