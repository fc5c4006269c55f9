import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { convertToBedrockRequest } from "../../../../workers/core/formats/bedrock-converse/convert-to-bedrock-request.ts";
import { bedrockConverse } from "../../../../workers/core/formats/bedrock-converse/index.ts";
import type { IrMessage, IrRequest } from "../../../../workers/core/ir/request.ts";

const CLAUDE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const SIGNATURE =
  "EqQBCkgIBhABGAIiQKx1dGhTeXJqY0x3V0Z0b2dWb2dHQmZQZ3lqcFJmR3Z0YkJ2c1ZrR0ZkRWdFEgzZ2nyP5iKz1m8hT0caDC7c";

const weatherSchema = {
  type: "object",
  properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
  required: ["city"],
};
const timeSchema = { type: "object", properties: { tz: { type: "string" } }, required: ["tz"] };

function irRequest(overrides: Partial<IrRequest> = {}): IrRequest {
  return { model: "claude-sonnet", system: [], messages: [], tools: [], stream: false, unmapped: [], ...overrides };
}

function build(request: IrRequest, upstreamModel = CLAUDE, dropParams = false) {
  return convertToBedrockRequest(request, { upstreamModel, dropParams });
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

const conversation: IrMessage[] = [
  { role: "system", content: [{ type: "text", text: "Answer in metric units." }] },
  {
    role: "user",
    content: [
      { type: "text", text: "What's the weather in Paris? Here is the sky:" },
      { type: "image", source: { kind: "base64", mediaType: "image/png", data: PNG_1X1 } },
    ],
  },
  {
    role: "assistant",
    content: [
      { type: "reasoning", text: "Need the weather tool.", signature: SIGNATURE },
      { type: "reasoning", text: "An OpenAI summary nobody signed." },
      { type: "text", text: "Let me look that up." },
      { type: "tool-call", id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather", arguments: '{"city":"Paris"}' },
      // Cut by max_tokens elsewhere, with an id Bedrock's pattern rejects.
      { type: "tool-call", id: "call_Xk2#9", name: "get_time", arguments: '{"tz":"Europe/Pa' },
    ],
  },
  {
    role: "tool",
    content: [
      {
        type: "tool-result",
        toolCallId: "toolu_01A09q90qw90lq917835lq9",
        content: [{ type: "text", text: "18°C, light rain" }],
        isError: false,
      },
    ],
  },
  {
    role: "tool",
    content: [
      {
        type: "tool-result",
        toolCallId: "call_Xk2#9",
        content: [],
        isError: true,
        cacheControl: { type: "ephemeral", ttl: "1h" },
      },
    ],
  },
  { role: "system", content: [{ type: "text", text: "The user is on a mobile device." }] },
  {
    role: "user",
    content: [{ type: "text", text: "Thanks! Do I need an umbrella?", cacheControl: { type: "ephemeral" } }],
  },
];

describe("convertToBedrockRequest", () => {
  it("builds the exact Converse body: system, merged alternating turns, tools, cache points", () => {
    const built = build(
      irRequest({
        system: [{ type: "text", text: "You are a concise weather assistant.", cacheControl: { type: "ephemeral" } }],
        messages: conversation,
        tools: [
          {
            type: "function",
            name: "get_weather",
            description: "Current weather for a city",
            inputSchema: weatherSchema,
          },
          { type: "function", name: "get_time", inputSchema: timeSchema, cacheControl: { type: "ephemeral" } },
        ],
        toolChoice: { type: "auto" },
        maxOutputTokens: 2048,
        temperature: 0.3,
        topP: 0.9,
        stopSequences: ["\n\nHuman:"],
        stream: true,
      }),
    );
    expect(built.dropped).toEqual([]);
    expect(built.body).toEqual({
      system: [
        { text: "You are a concise weather assistant." },
        { cachePoint: { type: "default" } },
        { text: "Answer in metric units." },
      ],
      messages: [
        {
          role: "user",
          content: [
            { text: "What's the weather in Paris? Here is the sky:" },
            { image: { format: "png", source: { bytes: PNG_1X1 } } },
          ],
        },
        {
          role: "assistant",
          content: [
            { reasoningContent: { reasoningText: { text: "Need the weather tool.", signature: SIGNATURE } } },
            { text: "Let me look that up." },
            { toolUse: { toolUseId: "toolu_01A09q90qw90lq917835lq9", name: "get_weather", input: { city: "Paris" } } },
            { toolUse: { toolUseId: "call_Xk2_9", name: "get_time", input: {} } },
          ],
        },
        {
          role: "user",
          content: [
            {
              toolResult: {
                toolUseId: "toolu_01A09q90qw90lq917835lq9",
                content: [{ text: "18°C, light rain" }],
                status: "success",
              },
            },
            { toolResult: { toolUseId: "call_Xk2_9", content: [{ text: "(no content)" }], status: "error" } },
            { cachePoint: { type: "default", ttl: "1h" } },
            { text: "[System message]\nThe user is on a mobile device." },
            { text: "Thanks! Do I need an umbrella?" },
            { cachePoint: { type: "default" } },
          ],
        },
      ],
      inferenceConfig: { maxTokens: 2048, temperature: 0.3, topP: 0.9, stopSequences: ["\n\nHuman:"] },
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: "get_weather",
              description: "Current weather for a city",
              inputSchema: { json: weatherSchema },
            },
          },
          { toolSpec: { name: "get_time", inputSchema: { json: timeSchema } } },
          { cachePoint: { type: "default" } },
        ],
        toolChoice: { auto: {} },
      },
    });
  });

  it("puts tool results first in a user turn that also holds text", () => {
    const built = build(
      irRequest({
        messages: [
          { role: "user", content: [{ type: "text", text: "Run it." }] },
          { role: "assistant", content: [{ type: "tool-call", id: "tooluse_1", name: "get_time", arguments: "{}" }] },
          { role: "user", content: [{ type: "text", text: "Also, hurry." }] },
          {
            role: "tool",
            content: [
              {
                type: "tool-result",
                toolCallId: "tooluse_1",
                content: [{ type: "text", text: "09:15" }],
                isError: false,
              },
            ],
          },
        ],
        tools: [{ type: "function", name: "get_time", inputSchema: timeSchema }],
      }),
    );
    expect(built.body.messages).toEqual([
      { role: "user", content: [{ text: "Run it." }] },
      { role: "assistant", content: [{ toolUse: { toolUseId: "tooluse_1", name: "get_time", input: {} } }] },
      {
        role: "user",
        content: [
          { toolResult: { toolUseId: "tooluse_1", content: [{ text: "09:15" }], status: "success" } },
          { text: "Also, hurry." },
        ],
      },
    ]);
  });

  it("refuses an image URL with a 400 naming the field, since Converse needs the bytes", () => {
    const request = irRequest({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Describe this." },
            {
              type: "image",
              source: { kind: "url", url: "https://upload.wikimedia.org/wikipedia/commons/a/a9/Example.jpg" },
            },
          ],
        },
      ],
    });
    const error = thrown(() => build(request));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      status: 400,
      code: "invalid_request",
      param: "messages[0].content[1]",
      message:
        "'messages[0].content[1]' is not supported by this model's provider (Amazon Bedrock Converse): Converse takes images as bytes (or S3 locations), not URLs. Enable drop_params to drop it.",
    });
    const dropped = build(request, CLAUDE, true);
    expect(dropped.dropped).toEqual(["messages[0].content[1]"]);
    expect(dropped.body.messages).toEqual([{ role: "user", content: [{ text: "Describe this." }] }]);
  });

  it("sends data: URL images and documents as bytes, with a name Bedrock accepts", () => {
    const built = build(
      irRequest({
        messages: [
          {
            role: "user",
            content: [
              { type: "image", source: { kind: "url", url: `data:image/jpeg;base64,${PNG_1X1}` } },
              {
                type: "file",
                filename: "Q3 report.final.pdf",
                source: { kind: "base64", mediaType: "application/pdf", data: "JVBERi0xLjcK" },
              },
              {
                type: "file",
                filename: "Q3 report.final.pdf",
                source: { kind: "base64", mediaType: "application/pdf", data: "JVBERi0xLjQK" },
              },
              { type: "file", source: { kind: "base64", mediaType: "text/markdown", data: "IyBOb3Rlcw==" } },
            ],
          },
        ],
      }),
    );
    expect(built.body.messages).toEqual([
      {
        role: "user",
        content: [
          { image: { format: "jpeg", source: { bytes: PNG_1X1 } } },
          { document: { format: "pdf", name: "Q3 report-final", source: { bytes: "JVBERi0xLjcK" } } },
          { document: { format: "pdf", name: "Q3 report-final (2)", source: { bytes: "JVBERi0xLjQK" } } },
          { document: { format: "md", name: "document", source: { bytes: "IyBOb3Rlcw==" } } },
        ],
      },
    ]);
  });

  it("sends a Claude thinking budget and top_k in additionalModelRequestFields, leaving room for the answer", () => {
    const built = build(
      irRequest({
        messages: [{ role: "user", content: [{ type: "text", text: "Plan a trip." }] }],
        reasoning: { enabled: true, effort: "high" },
        topK: 40,
      }),
    );
    expect(built.body.additionalModelRequestFields).toEqual({
      top_k: 40,
      thinking: { type: "enabled", budget_tokens: 16384 },
    });
    expect(built.body.inferenceConfig).toEqual({ maxTokens: 16384 + 4096 });

    const bounded = build(
      irRequest({ messages: [], reasoning: { enabled: true, budgetTokens: 10000 }, maxOutputTokens: 8000 }),
    );
    expect(bounded.body.additionalModelRequestFields).toEqual({ thinking: { type: "enabled", budget_tokens: 7999 } });
    expect(bounded.body.inferenceConfig).toEqual({ maxTokens: 8000 });
  });

  it("refuses reasoning and top_k for models other than Claude, naming the field", () => {
    const llama = "meta.llama3-3-70b-instruct-v1:0";
    expect(thrown(() => build(irRequest({ reasoning: { enabled: true, effort: "low" } }), llama))).toMatchObject({
      param: "reasoning",
    });
    expect(thrown(() => build(irRequest({ topK: 5 }), llama))).toMatchObject({ param: "top_k" });
    expect(build(irRequest({ reasoning: { enabled: true }, topK: 5 }), llama, true).dropped).toEqual([
      "top_k",
      "reasoning",
    ]);
  });

  it("sends toolResult status only to the model families that accept it", () => {
    const messages: IrMessage[] = [
      {
        role: "assistant",
        content: [{ type: "tool-call", id: "tooluse_9", name: "get_time", arguments: '{"tz":"UTC"}' }],
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "tooluse_9", content: [{ type: "text", text: "boom" }], isError: true },
        ],
      },
    ];
    const tools = [{ type: "function" as const, name: "get_time", inputSchema: timeSchema }];
    const resultOf = (model: string) => (build(irRequest({ messages, tools }), model).body.messages as unknown[])[1];
    expect(resultOf("amazon.nova-pro-v1:0")).toEqual({
      role: "user",
      content: [{ toolResult: { toolUseId: "tooluse_9", content: [{ text: "boom" }], status: "error" } }],
    });
    expect(resultOf("mistral.mistral-large-2407-v1:0")).toEqual({
      role: "user",
      content: [{ toolResult: { toolUseId: "tooluse_9", content: [{ text: "boom" }] } }],
    });
  });

  it("maps tool_choice required and a named tool", () => {
    const tools = [{ type: "function" as const, name: "get_time", inputSchema: timeSchema }];
    expect(build(irRequest({ tools, toolChoice: { type: "required" } })).body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: "get_time", inputSchema: { json: timeSchema } } }],
      toolChoice: { any: {} },
    });
    expect(build(irRequest({ tools, toolChoice: { type: "tool", name: "get_time" } })).body.toolConfig).toMatchObject({
      toolChoice: { tool: { name: "get_time" } },
    });
  });

  it("withholds the tools for tool_choice none, sending earlier tool calls and results as text", () => {
    const built = build(
      irRequest({
        messages: [
          { role: "user", content: [{ type: "text", text: "What time is it in Tokyo?" }] },
          {
            role: "assistant",
            content: [{ type: "tool-call", id: "tooluse_7", name: "get_time", arguments: '{"tz":"Asia/Tokyo"}' }],
          },
          {
            role: "tool",
            content: [
              {
                type: "tool-result",
                toolCallId: "tooluse_7",
                content: [{ type: "text", text: "17:02" }],
                isError: false,
              },
            ],
          },
          { role: "user", content: [{ type: "text", text: "Summarize without tools." }] },
        ],
        tools: [{ type: "function", name: "get_time", inputSchema: timeSchema }],
        toolChoice: { type: "none" },
      }),
    );
    expect(built.body.toolConfig).toBeUndefined();
    expect(built.body.messages).toEqual([
      { role: "user", content: [{ text: "What time is it in Tokyo?" }] },
      { role: "assistant", content: [{ text: '[Tool call get_time (tooluse_7)] {"tz":"Asia/Tokyo"}' }] },
      { role: "user", content: [{ text: "[Tool result for tooluse_7]\n17:02" }, { text: "Summarize without tools." }] },
    ]);
  });

  it("sends a JSON schema response format as structured output, and refuses schema-less JSON mode", () => {
    const schema = {
      type: "object",
      properties: { answer: { type: "string" } },
      required: ["answer"],
      additionalProperties: false,
    };
    const built = build(irRequest({ responseFormat: { type: "json_schema", name: "answer", schema } }));
    expect(built.body.outputConfig).toEqual({
      textFormat: {
        type: "json_schema",
        structure: { jsonSchema: { schema: JSON.stringify(schema), name: "answer" } },
      },
    });
    expect(thrown(() => build(irRequest({ responseFormat: { type: "json_object" } })))).toMatchObject({
      param: "response_format",
    });
  });

  it("refuses provider tools, unmapped fields and disabled parallel tool calls by name", () => {
    const webSearch = {
      type: "provider" as const,
      format: "openai-responses",
      name: "web_search",
      raw: { type: "web_search" },
    };
    expect(thrown(() => build(irRequest({ tools: [webSearch] })))).toMatchObject({ param: "tools[0]" });
    expect(
      thrown(() => build(irRequest({ unmapped: [{ path: "logit_bias", value: { "50256": -100 } }] }))),
    ).toMatchObject({
      param: "logit_bias",
    });
    const tools = [{ type: "function" as const, name: "get_time", inputSchema: timeSchema }];
    expect(thrown(() => build(irRequest({ tools, parallelToolCalls: false })))).toMatchObject({
      param: "parallel_tool_calls",
    });
    expect(build(irRequest({ tools: [webSearch], unmapped: [{ path: "seed", value: 7 }] }), CLAUDE, true)).toEqual({
      body: { messages: [] },
      dropped: ["seed", "tools[0]"],
    });
  });
});

describe("bedrockConverse adapter", () => {
  it("is outbound only: inbound methods refuse with a 400", () => {
    expect(bedrockConverse.format).toBe("bedrock-converse");
    expect(() => bedrockConverse.parseRequest({})).toThrow(GatewayError);
    expect(() => bedrockConverse.createStreamEncoder({ model: "m", responseId: "r" })).toThrow(/not supported inbound/);
    expect(bedrockConverse.buildRequest(irRequest(), { upstreamModel: CLAUDE, dropParams: false })).toEqual({
      body: { messages: [] },
      dropped: [],
    });
  });
});
