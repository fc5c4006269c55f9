import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { convertFromAnthropicRequest } from "../../../../workers/core/formats/anthropic-messages/convert-from-anthropic-request.ts";
import { convertToAnthropicRequest } from "../../../../workers/core/formats/anthropic-messages/convert-to-anthropic-request.ts";
import type { IrRequest } from "../../../../workers/core/ir/request.ts";
import claudeCodeRequest from "../../../fixtures/anthropic-messages/claude-code-request.json";

const strict = { upstreamModel: "claude-sonnet-4-6-20261015", dropParams: false };
const lenient = { ...strict, dropParams: true };

function baseIr(overrides: Partial<IrRequest> = {}): IrRequest {
  return {
    model: "team-claude",
    system: [],
    messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
    tools: [],
    stream: false,
    unmapped: [],
    ...overrides,
  };
}

function buildError(ir: IrRequest): GatewayError {
  try {
    convertToAnthropicRequest(ir, strict);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a GatewayError");
}

describe("convertToAnthropicRequest, Anthropic client → Anthropic upstream", () => {
  it("rebuilds the Claude Code body, passing its unmapped fields through and folding the mid-conversation system message", () => {
    const { body, dropped } = convertToAnthropicRequest(convertFromAnthropicRequest(claudeCodeRequest), strict);
    const [firstUser, systemMessage, ...rest] = claudeCodeRequest.messages;
    expect(dropped).toStrictEqual([]);
    expect(body).toStrictEqual({
      ...structuredClone(claudeCodeRequest),
      model: "claude-sonnet-4-6-20261015",
      messages: [
        {
          role: "user",
          content: [
            ...((firstUser?.content ?? []) as unknown[]),
            { type: "text", text: `[System message]\n${systemMessage?.content as string}` },
          ],
        },
        ...rest,
      ],
    });
  });

  it("round-trips an SDK body field for field", () => {
    const original = {
      model: "team-claude",
      max_tokens: 2048,
      system: [{ type: "text", text: "You summarize documents." }],
      messages: [
        {
          role: "user",
          content: [
            {
              type: "document",
              source: { type: "base64", media_type: "application/pdf", data: "JVBERi0xLjcK" },
              title: "q3.pdf",
            },
            {
              type: "image",
              source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQSkZJRg==" },
              cache_control: { type: "ephemeral" },
            },
            { type: "text", text: "Summarize both." },
          ],
        },
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "toolu_01", name: "lookup", input: { q: "Q3 revenue" } }],
        },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "toolu_01",
              content: [
                { type: "text", text: "$4.2M", cache_control: { type: "ephemeral", ttl: "1h" } },
                { type: "image", source: { type: "url", url: "https://example.com/chart.png" } },
              ],
              is_error: false,
            },
          ],
        },
      ],
      tools: [
        {
          name: "lookup",
          description: "Look up a figure",
          input_schema: { type: "object", properties: { q: { type: "string" } }, required: ["q"] },
          strict: true,
          cache_control: { type: "ephemeral" },
        },
        { type: "bash_20250124", name: "bash" },
      ],
      tool_choice: { type: "tool", name: "lookup", disable_parallel_tool_use: true },
      temperature: 0.5,
      top_p: 0.95,
      top_k: 5,
      stop_sequences: ["END"],
      thinking: { type: "enabled", budget_tokens: 1024 },
      output_config: { effort: "low", format: { type: "json_schema", schema: { type: "object" } } },
      metadata: { user_id: "user-42" },
      service_tier: "standard_only",
    };
    const { body, dropped } = convertToAnthropicRequest(convertFromAnthropicRequest(original), strict);
    expect(dropped).toStrictEqual([]);
    expect(body).toStrictEqual({ ...original, model: "claude-sonnet-4-6-20261015" });
  });
});

describe("convertToAnthropicRequest, IR from an OpenAI client", () => {
  const fromOpenAi: IrRequest = {
    model: "team-claude",
    system: [{ type: "text", text: "You are a helpful assistant." }],
    messages: [
      {
        role: "user",
        content: [
          { type: "text", text: "Weather in Paris and Rome?" },
          { type: "image", source: { kind: "url", url: "data:image/png;base64,iVBORw0KGgo=" }, detail: "low" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "Two cities, two calls.", encryptedContent: "gAAAAABpZ3Rlc3Q=", id: "rs_68a1" },
          { type: "text", text: "" },
          { type: "tool-call", id: "call_Pa1", name: "get_weather", arguments: '{"city":"Paris"}' },
          { type: "tool-call", id: "call_Ro2", name: "get_weather", arguments: '{"city":"Rome"}' },
        ],
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "call_Pa1", content: [{ type: "text", text: "18°C" }], isError: false },
        ],
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "call_Ro2", content: [{ type: "text", text: "timeout" }], isError: true },
        ],
      },
      { role: "system", content: [{ type: "text", text: "Answer in French." }] },
      { role: "user", content: [{ type: "text", text: "Summarize." }] },
    ],
    tools: [
      {
        type: "function",
        name: "get_weather",
        description: "Get the weather for a city",
        inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
      { type: "function", name: "now", inputSchema: {} },
    ],
    toolChoice: { type: "auto" },
    parallelToolCalls: true,
    temperature: 0.7,
    stream: true,
    user: "user-1234",
    unmapped: [],
  };

  it("merges tool results into one user turn, drops unsigned reasoning and folds the system message after them", () => {
    const { body, dropped } = convertToAnthropicRequest(fromOpenAi, strict);
    expect(dropped).toStrictEqual([]);
    expect(body).toStrictEqual({
      model: "claude-sonnet-4-6-20261015",
      max_tokens: 4096,
      system: [{ type: "text", text: "You are a helpful assistant." }],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Weather in Paris and Rome?" },
            { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "tool_use", id: "call_Pa1", name: "get_weather", input: { city: "Paris" } },
            { type: "tool_use", id: "call_Ro2", name: "get_weather", input: { city: "Rome" } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "call_Pa1", content: "18°C", is_error: false },
            { type: "tool_result", tool_use_id: "call_Ro2", content: "timeout", is_error: true },
            { type: "text", text: "[System message]\nAnswer in French." },
            { type: "text", text: "Summarize." },
          ],
        },
      ],
      tools: [
        {
          name: "get_weather",
          description: "Get the weather for a city",
          input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
        { name: "now", input_schema: { type: "object", properties: {} } },
      ],
      tool_choice: { type: "auto", disable_parallel_tool_use: false },
      temperature: 0.7,
      stream: true,
      metadata: { user_id: "user-1234" },
    });
  });

  it("puts tool results first when a system message sits between the call and its result", () => {
    const { body } = convertToAnthropicRequest(
      baseIr({
        messages: [
          { role: "user", content: [{ type: "text", text: "Time?" }] },
          { role: "assistant", content: [{ type: "tool-call", id: "call:1/a", name: "now", arguments: "" }] },
          { role: "system", content: [{ type: "text", text: "Use UTC." }] },
          { role: "tool", content: [{ type: "tool-result", toolCallId: "call:1/a", content: [], isError: false }] },
        ],
      }),
      strict,
    );
    expect(body.messages).toStrictEqual([
      { role: "user", content: [{ type: "text", text: "Time?" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "call_1_a", name: "now", input: {} }] },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "call_1_a", is_error: false },
          { type: "text", text: "[System message]\nUse UTC." },
        ],
      },
    ]);
  });

  it("moves system messages that precede the conversation into the top-level system", () => {
    const { body } = convertToAnthropicRequest(
      baseIr({
        system: [{ type: "text", text: "A" }],
        messages: [
          { role: "system", content: [{ type: "text", text: "B" }] },
          { role: "user", content: [{ type: "text", text: "Hi" }] },
        ],
      }),
      strict,
    );
    expect(body.system).toStrictEqual([
      { type: "text", text: "A" },
      { type: "text", text: "B" },
    ]);
    expect(body.messages).toStrictEqual([{ role: "user", content: [{ type: "text", text: "Hi" }] }]);
  });
});

describe("convertToAnthropicRequest, what Anthropic cannot express", () => {
  it("refuses an unmapped field from another format by name, or drops it under drop_params", () => {
    const ir = baseIr({ unmapped: [{ path: "logit_bias", value: { "50256": -100 } }] });
    const error = buildError(ir);
    expect(error.status).toBe(400);
    expect(error.param).toBe("logit_bias");
    expect(error.message).toMatch(/'logit_bias'/);
    const { body, dropped } = convertToAnthropicRequest(ir, lenient);
    expect(dropped).toStrictEqual(["logit_bias"]);
    expect(body).not.toHaveProperty("logit_bias");
  });

  it("refuses unmapped message content even from an Anthropic client, since message positions do not survive", () => {
    const ir = convertFromAnthropicRequest({
      model: "m",
      max_tokens: 10,
      messages: [{ role: "user", content: [{ type: "text", text: "Hi", citations: [] }] }],
    });
    expect(buildError(ir).param).toBe("messages[0].content[0].citations");
  });

  it("refuses another format's built-in tool, or drops it and keeps the rest", () => {
    const ir = baseIr({
      tools: [
        { type: "provider", format: "openai-responses", name: "web_search", raw: { type: "web_search" } },
        { type: "function", name: "now", inputSchema: { type: "object" } },
      ],
      toolChoice: { type: "required" },
    });
    expect(buildError(ir).param).toBe("tools[0]");
    const { body, dropped } = convertToAnthropicRequest(ir, lenient);
    expect(dropped).toStrictEqual(["tools[0]"]);
    expect(body.tools).toStrictEqual([{ name: "now", input_schema: { type: "object" } }]);
    expect(body.tool_choice).toStrictEqual({ type: "any" });
  });

  it("refuses JSON mode without a schema, and sends a JSON schema as structured output", () => {
    expect(buildError(baseIr({ responseFormat: { type: "json_object" } })).param).toBe("response_format");
    const { body } = convertToAnthropicRequest(
      baseIr({ responseFormat: { type: "json_schema", name: "answer", schema: { type: "object" }, strict: true } }),
      strict,
    );
    expect(body.output_config).toStrictEqual({ format: { type: "json_schema", schema: { type: "object" } } });
  });

  it("refuses a document type Anthropic does not read, and sends text documents as text", () => {
    const ir = baseIr({
      messages: [
        {
          role: "user",
          content: [
            {
              type: "file",
              source: { kind: "base64", mediaType: "text/csv", data: "YSxiCjEsMg==" },
              filename: "t.csv",
            },
            { type: "file", source: { kind: "base64", mediaType: "application/zip", data: "UEsDBA==" } },
          ],
        },
      ],
    });
    expect(buildError(ir).param).toBe("messages[0].content[1]");
    const { body, dropped } = convertToAnthropicRequest(ir, lenient);
    expect(dropped).toStrictEqual(["messages[0].content[1]"]);
    expect(body.messages).toStrictEqual([
      {
        role: "user",
        content: [
          { type: "document", source: { type: "text", media_type: "text/plain", data: "a,b\n1,2" }, title: "t.csv" },
        ],
      },
    ]);
  });
});

describe("convertToAnthropicRequest, limits and reasoning", () => {
  it("defaults max_tokens, raising it above a thinking budget", () => {
    expect(convertToAnthropicRequest(baseIr(), strict).body.max_tokens).toBe(4096);
    const { body } = convertToAnthropicRequest(baseIr({ reasoning: { enabled: true, budgetTokens: 10000 } }), strict);
    expect(body.max_tokens).toBe(14096);
    expect(body.thinking).toStrictEqual({ type: "enabled", budget_tokens: 10000 });
  });

  it("sends reasoning without a budget as adaptive thinking steered by effort", () => {
    const { body } = convertToAnthropicRequest(
      baseIr({ maxOutputTokens: 8000, reasoning: { enabled: true, effort: "minimal", summary: "auto" } }),
      strict,
    );
    expect(body.max_tokens).toBe(8000);
    expect(body.thinking).toStrictEqual({ type: "adaptive" });
    expect(body.output_config).toStrictEqual({ effort: "low" });
  });

  it("disables thinking explicitly and turns parallel_tool_calls false into disable_parallel_tool_use", () => {
    const { body } = convertToAnthropicRequest(
      baseIr({
        reasoning: { enabled: false },
        tools: [{ type: "function", name: "now", inputSchema: { type: "object" } }],
        parallelToolCalls: false,
      }),
      strict,
    );
    expect(body.thinking).toStrictEqual({ type: "disabled" });
    expect(body.tool_choice).toStrictEqual({ type: "auto", disable_parallel_tool_use: true });
  });
});
