import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { gemini } from "../../../../workers/core/formats/gemini/index.ts";
import type { IrRequest } from "../../../../workers/core/ir/request.ts";
import responseFixture from "../../../fixtures/gemini/non-stream-function-call.json";

const bashSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: { command: { type: "string" }, description: { type: "string" } },
  required: ["command"],
  additionalProperties: false,
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
    { role: "system", content: [{ type: "text", text: "<system-reminder>The user edited a.ts.</system-reminder>" }] },
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

const minimal: IrRequest = {
  model: "g",
  system: [],
  messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
  tools: [],
  stream: false,
  unmapped: [],
};

function buildError(request: IrRequest, dropParams = false): GatewayError {
  try {
    gemini.buildRequest(request, { upstreamModel: "gemini-3-pro-preview", dropParams });
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected buildRequest to throw");
}

describe("gemini.buildRequest", () => {
  it("builds a generateContent body from an Anthropic-style conversation", () => {
    const built = gemini.buildRequest(fromAnthropic, { upstreamModel: "gemini-3-pro-preview", dropParams: true });
    expect(built.dropped).toEqual(["tools.web_search"]);
    expect(built.body).toEqual({
      systemInstruction: {
        parts: [
          { text: "You are Claude Code, Anthropic's official CLI for Claude." },
          { text: "You are an interactive CLI tool." },
        ],
      },
      contents: [
        {
          role: "user",
          parts: [
            { text: "What's in this screenshot? Then run the tests." },
            { inlineData: { mimeType: "image/png", data: "iVBORw0KGgoAAAANSUhEUg==" } },
            // The mid-conversation system message, folded in order before the model turn.
            { text: "<system-reminder>Today's date is 2026-11-22.</system-reminder>" },
          ],
        },
        {
          role: "model",
          parts: [
            { text: "The screenshot shows a failing test. Running the suite now." },
            {
              functionCall: {
                id: "toolu_01A09q90qw90lq917835lq9",
                name: "Bash",
                args: { command: "npm test", description: "Run the test suite" },
              },
              thoughtSignature: "skip_thought_signature_validator",
            },
            { functionCall: { id: "toolu_01BmF3kV7p2cXn8R4tW6yZ1a", name: "Read", args: { file_path: "/repo/a.ts" } } },
          ],
        },
        {
          role: "user",
          parts: [
            {
              functionResponse: {
                id: "toolu_01A09q90qw90lq917835lq9",
                name: "Bash",
                response: { error: "FAIL test/app.test.ts\n  ✕ adds numbers (3 ms)" },
              },
            },
            {
              functionResponse: {
                id: "toolu_01BmF3kV7p2cXn8R4tW6yZ1a",
                name: "Read",
                response: { output: "export const add = (a, b) => a - b;" },
              },
            },
            { fileData: { mimeType: "image/png", fileUri: "https://example.com/diagram.png" } },
            { text: "<system-reminder>The user edited a.ts.</system-reminder>" },
            { text: "Fix it." },
          ],
        },
      ],
      tools: [
        {
          functionDeclarations: [
            { name: "Bash", description: "Executes a bash command", parametersJsonSchema: bashSchema },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: "AUTO" } },
      generationConfig: {
        maxOutputTokens: 32000,
        temperature: 1,
        thinkingConfig: { includeThoughts: true, thinkingBudget: 10000 },
      },
    });
  });

  it("refuses a foreign provider tool by name without drop_params", () => {
    const error = buildError(fromAnthropic);
    expect(error.status).toBe(400);
    expect(error.param).toBe("tools.web_search");
  });

  it("sends Gemini's own thought signatures back on the parts they came with", () => {
    const decoded = gemini.decodeResponse(responseFixture);
    const request: IrRequest = {
      ...minimal,
      messages: [
        ...minimal.messages,
        { role: "assistant", content: decoded.content },
        {
          role: "tool",
          content: decoded.content.flatMap((part) =>
            part.type === "tool-call"
              ? [
                  {
                    type: "tool-result" as const,
                    toolCallId: part.id,
                    content: [{ type: "text" as const, text: "ok" }],
                    isError: false,
                  },
                ]
              : [],
          ),
        },
      ],
    };
    const body = gemini.buildRequest(request, { upstreamModel: "gemini-3-pro-preview", dropParams: false }).body as {
      contents: unknown[];
    };
    expect(body.contents.slice(1)).toEqual([
      {
        role: "model",
        parts: [
          {
            functionCall: {
              id: "call_mVMkaOqCJ9Kv1dkPq4KKuAU_0",
              name: "get_weather",
              args: { city: "Paris", unit: "celsius" },
            },
            thoughtSignature: "CiQB0e2Kb3dRh1L7a0VJ3p9xQyQ4dHcGvS2mN8aT1uE6wXo=",
          },
          {
            functionCall: {
              id: "call_mVMkaOqCJ9Kv1dkPq4KKuAU_1",
              name: "get_time",
              args: { timezone: "Europe/Paris" },
            },
          },
        ],
      },
      {
        role: "user",
        parts: [
          {
            functionResponse: { id: "call_mVMkaOqCJ9Kv1dkPq4KKuAU_0", name: "get_weather", response: { output: "ok" } },
          },
          { functionResponse: { id: "call_mVMkaOqCJ9Kv1dkPq4KKuAU_1", name: "get_time", response: { output: "ok" } } },
        ],
      },
    ]);
  });

  it("uses thinking budgets and no signature sentinel for Gemini 2.x", () => {
    const request: IrRequest = {
      ...minimal,
      messages: [
        ...minimal.messages,
        { role: "assistant", content: [{ type: "tool-call", id: "call_1", name: "noop", arguments: "{}" }] },
      ],
      reasoning: { enabled: true, effort: "medium" },
    };
    const body = gemini.buildRequest(request, { upstreamModel: "gemini-2.5-flash", dropParams: false }).body;
    expect(body).toMatchObject({
      contents: [
        { role: "user" },
        { role: "model", parts: [{ functionCall: { id: "call_1", name: "noop", args: {} } }] },
      ],
      generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 8192 } },
    });
    const disabled = { ...minimal, reasoning: { enabled: false } };
    expect(gemini.buildRequest(disabled, { upstreamModel: "models/gemini-2.5-flash", dropParams: false }).body).toEqual(
      {
        contents: [{ role: "user", parts: [{ text: "hi" }] }],
        generationConfig: { thinkingConfig: { thinkingBudget: 0 } },
      },
    );
    const effort = { ...minimal, reasoning: { enabled: true, effort: "xhigh" as const } };
    expect(gemini.buildRequest(effort, { upstreamModel: "gemini-3-flash", dropParams: false }).body).toMatchObject({
      generationConfig: { thinkingConfig: { includeThoughts: true, thinkingLevel: "HIGH" } },
    });
  });

  it("maps structured output, stop sequences, top-k and a forced tool", () => {
    const request: IrRequest = {
      ...minimal,
      tools: [{ type: "function", name: "get_time", inputSchema: { type: "object" } }],
      toolChoice: { type: "tool", name: "get_time" },
      topK: 40,
      stopSequences: ["<END>"],
      responseFormat: { type: "json_schema", name: "answer", schema: { type: "object", additionalProperties: false } },
    };
    expect(gemini.buildRequest(request, { upstreamModel: "gemini-3-pro-preview", dropParams: false }).body).toEqual({
      contents: [{ role: "user", parts: [{ text: "hi" }] }],
      tools: [{ functionDeclarations: [{ name: "get_time", parametersJsonSchema: { type: "object" } }] }],
      toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_time"] } },
      generationConfig: {
        topK: 40,
        stopSequences: ["<END>"],
        responseMimeType: "application/json",
        responseJsonSchema: { type: "object", additionalProperties: false },
      },
    });
  });

  it("refuses what Gemini cannot express, by name, or drops it under drop_params", () => {
    const orphan: IrRequest = {
      ...minimal,
      messages: [
        ...minimal.messages,
        { role: "tool", content: [{ type: "tool-result", toolCallId: "call_x", content: [], isError: false }] },
      ],
    };
    expect(buildError(orphan).param).toBe("messages[1].content[0].toolCallId");
    expect(buildError(orphan, true).param).toBe("messages[1].content[0].toolCallId");
    const unmapped: IrRequest = {
      ...minimal,
      tools: [{ type: "function", name: "noop", inputSchema: { type: "object" } }],
      parallelToolCalls: false,
      unmapped: [{ path: "seed", value: 1 }],
    };
    expect(buildError(unmapped).param).toBe("parallelToolCalls");
    expect(gemini.buildRequest(unmapped, { upstreamModel: "gemini-3-pro-preview", dropParams: true }).dropped).toEqual([
      "parallelToolCalls",
      "seed",
    ]);
  });
});
