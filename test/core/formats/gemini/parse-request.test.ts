import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { gemini } from "../../../../workers/core/formats/gemini/index.ts";
import requestFixture from "../../../fixtures/gemini/generate-content-request.json";

function parseError(body: unknown): GatewayError {
  try {
    gemini.parseRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected parseRequest to throw");
}

const userText = (text: string) => ({ role: "user", parts: [{ text }] });

describe("gemini.parseRequest", () => {
  it("turns a generateContent body with function calls, responses, media, tools and thinking into the IR", () => {
    expect(gemini.parseRequest(requestFixture)).toEqual({
      model: "",
      system: [{ type: "text", text: "You are a helpful travel assistant. Answer concisely." }],
      messages: [
        {
          role: "user",
          content: [{ type: "text", text: "What's the weather in Paris right now, and what time is it there?" }],
        },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "", signature: "CiQB0e2Kb3dRh1L7a0VJ3p9xQyQ4dHcGvS2mN8aT1uE6wXo=" },
            {
              type: "tool-call",
              id: "call_gemini_0",
              name: "get_weather",
              arguments: '{"city":"Paris","unit":"celsius"}',
            },
            { type: "tool-call", id: "call_gemini_1", name: "get_time", arguments: '{"timezone":"Europe/Paris"}' },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: "call_gemini_0",
              toolName: "get_weather",
              content: [{ type: "text", text: "14°C, light rain" }],
              isError: false,
            },
            {
              type: "tool-result",
              toolCallId: "call_gemini_1",
              toolName: "get_time",
              content: [{ type: "text", text: "time service unavailable" }],
              isError: true,
            },
          ],
        },
        {
          role: "assistant",
          content: [{ type: "text", text: "It's 14°C with light rain in Paris. I couldn't get the local time." }],
        },
        {
          role: "user",
          content: [
            { type: "text", text: "And what is in this photo?" },
            {
              type: "image",
              source: {
                kind: "base64",
                mediaType: "image/jpeg",
                data: "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U",
              },
            },
            {
              type: "file",
              source: { kind: "url", url: "https://generativelanguage.googleapis.com/v1beta/files/8x2k4mq9zt1c" },
            },
          ],
        },
      ],
      tools: [
        {
          type: "function",
          name: "get_weather",
          description: "Get the current weather for a city.",
          inputSchema: requestFixture.tools[0]?.functionDeclarations?.[0]?.parametersJsonSchema,
        },
        {
          type: "function",
          name: "get_time",
          description: "Get the local time for an IANA timezone.",
          inputSchema: {
            type: "object",
            properties: {
              timezone: { type: "string", description: "IANA timezone, e.g. Europe/Paris" },
              format: { type: ["string", "null"], enum: ["12h", "24h"] },
            },
            required: ["timezone"],
          },
        },
        { type: "provider", format: "gemini", name: "googleSearch", raw: { googleSearch: {} } },
      ],
      toolChoice: { type: "auto" },
      maxOutputTokens: 8192,
      temperature: 1,
      topP: 0.95,
      topK: 64,
      stopSequences: ["<END>"],
      reasoning: { enabled: true, effort: "low", summary: "auto" },
      stream: false,
      unmapped: [{ path: "safetySettings", value: requestFixture.safetySettings }],
    });
  });

  it("matches function responses to calls by id when Gemini sent ids", () => {
    const ir = gemini.parseRequest({
      contents: [
        userText("weather?"),
        { role: "model", parts: [{ functionCall: { id: "fc_2", name: "get_weather", args: { city: "Oslo" } } }] },
        { role: "user", parts: [{ functionResponse: { id: "fc_2", name: "get_weather", response: { temp: 3 } } }] },
      ],
    });
    expect(ir.messages[2]).toEqual({
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: "fc_2",
          toolName: "get_weather",
          content: [{ type: "text", text: '{"temp":3}' }],
          isError: false,
        },
      ],
    });
  });

  it("maps thinking budgets, JSON output and function-calling modes", () => {
    const parse = (generationConfig: unknown, toolConfig?: unknown) =>
      gemini.parseRequest({ contents: [userText("hi")], generationConfig, toolConfig });
    expect(parse({ thinkingConfig: { thinkingBudget: 0 } }).reasoning).toEqual({ enabled: false });
    expect(parse({ thinkingConfig: { thinkingBudget: -1 } }).reasoning).toEqual({ enabled: true });
    expect(parse({ thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } }).reasoning).toEqual({
      enabled: true,
      budgetTokens: 2048,
      summary: "auto",
    });
    expect(parse({ responseMimeType: "application/json" }).responseFormat).toEqual({ type: "json_object" });
    expect(
      parse({
        responseMimeType: "application/json",
        responseSchema: { type: "OBJECT", properties: { a: { type: "INTEGER" } } },
      }).responseFormat,
    ).toEqual({
      type: "json_schema",
      name: "response",
      schema: { type: "object", properties: { a: { type: "integer" } } },
    });
    expect(
      parse({}, { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_time"] } }).toolChoice,
    ).toEqual({
      type: "tool",
      name: "get_time",
    });
    expect(parse({}, { functionCallingConfig: { mode: "NONE" } }).toolChoice).toEqual({ type: "none" });
    const many = parse({}, { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["a", "b"] } });
    expect(many.toolChoice).toEqual({ type: "required" });
    expect(many.unmapped).toEqual([
      { path: "toolConfig.functionCallingConfig.allowedFunctionNames", value: ["a", "b"] },
    ]);
  });

  it("reports unmodelled generation settings and snake_case fields as unmapped", () => {
    const ir = gemini.parseRequest({
      contents: [userText("hi")],
      system_instruction: { parts: [{ text: "be brief" }] },
      generationConfig: { seed: 7, candidateCount: 2, presencePenalty: 0.5, responseMimeType: "text/x.enum" },
    });
    expect(ir.unmapped).toEqual([
      { path: "system_instruction", value: { parts: [{ text: "be brief" }] } },
      { path: "generationConfig.seed", value: 7 },
      { path: "generationConfig.presencePenalty", value: 0.5 },
      { path: "generationConfig.candidateCount", value: 2 },
      { path: "generationConfig.responseMimeType", value: "text/x.enum" },
    ]);
  });

  it.each([
    [{}, "contents", "Missing required parameter: 'contents'."],
    [{ contents: [{ role: "assistant", parts: [{ text: "x" }] }] }, "contents[0].role", undefined],
    [{ contents: [{ role: "user", parts: [{ text: 5 }] }] }, "contents[0].parts[0].text", undefined],
    [
      { contents: [userText("hi")], generationConfig: { thinkingConfig: { thinkingLevel: "extreme" } } },
      "generationConfig.thinkingConfig.thinkingLevel",
      undefined,
    ],
    [
      { contents: [{ role: "user", parts: [{ executableCode: { language: "PYTHON", code: "1" } }] }] },
      "contents[0].parts[0]",
      undefined,
    ],
    [
      { contents: [{ role: "model", parts: [{ inlineData: { mimeType: "image/png", data: "iVBO" } }] }] },
      "contents[0].parts[0]",
      undefined,
    ],
    [
      { contents: [{ role: "user", parts: [{ functionResponse: { name: "get_time", response: {} } }] }] },
      "contents[0].parts[0].functionResponse.name",
      "'contents[0].parts[0].functionResponse' answers no unanswered functionCall named 'get_time' in the previous model turn.",
    ],
    [
      {
        contents: [userText("hi")],
        systemInstruction: { parts: [{ inlineData: { mimeType: "image/png", data: "x" } }] },
      },
      "systemInstruction.parts[0]",
      undefined,
    ],
  ])("refuses invalid bodies with a 400 naming the field (%#)", (body, param, message) => {
    const error = parseError(body);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    if (message !== undefined) expect(error.message).toBe(message);
  });
});
