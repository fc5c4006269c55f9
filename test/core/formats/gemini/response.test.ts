import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { gemini } from "../../../../workers/core/formats/gemini/index.ts";
import type { IrResponse } from "../../../../workers/core/ir/response.ts";
import responseFixture from "../../../fixtures/gemini/non-stream-function-call.json";

const context = { model: "team-gemini", responseId: "resp_01JD8Q4M2X" };

describe("gemini.decodeResponse", () => {
  it("decodes thoughts, signed parallel function calls with generated ids, STOP as tool calls, and usage", () => {
    expect(gemini.decodeResponse(responseFixture)).toEqual({
      id: "mVMkaOqCJ9Kv1dkPq4KKuAU",
      model: "gemini-3-pro-preview",
      content: [
        {
          type: "reasoning",
          text: "**Planning the lookup**\n\nThe user wants the weather and the time in Paris; both tools can run in parallel.",
        },
        { type: "reasoning", text: "", signature: "CiQB0e2Kb3dRh1L7a0VJ3p9xQyQ4dHcGvS2mN8aT1uE6wXo=" },
        {
          type: "tool-call",
          id: "call_mVMkaOqCJ9Kv1dkPq4KKuAU_0",
          name: "get_weather",
          arguments: '{"city":"Paris","unit":"celsius"}',
        },
        {
          type: "tool-call",
          id: "call_mVMkaOqCJ9Kv1dkPq4KKuAU_1",
          name: "get_time",
          arguments: '{"timezone":"Europe/Paris"}',
        },
      ],
      finishReason: "tool-calls",
      rawFinishReason: "STOP",
      usage: {
        // promptTokenCount includes the cached tokens; output = candidates + thoughts.
        inputTokens: { total: 4120, noCache: 2072, cacheRead: 2048, cacheWrite: 0 },
        outputTokens: { total: 301, text: 58, reasoning: 243 },
        raw: responseFixture.usageMetadata,
      },
    });
  });

  it("maps MAX_TOKENS, safety stops and blocked prompts", () => {
    const withReason = (finishReason: string) => ({
      candidates: [{ content: { role: "model", parts: [{ text: "Partial" }] }, finishReason, index: 0 }],
    });
    expect(gemini.decodeResponse(withReason("MAX_TOKENS"))).toMatchObject({
      finishReason: "length",
      rawFinishReason: "MAX_TOKENS",
    });
    expect(gemini.decodeResponse(withReason("RECITATION"))).toMatchObject({ finishReason: "content-filter" });
    expect(gemini.decodeResponse(withReason("MALFORMED_FUNCTION_CALL"))).toMatchObject({ finishReason: "other" });
    expect(
      gemini.decodeResponse({
        promptFeedback: { blockReason: "PROHIBITED_CONTENT" },
        usageMetadata: { promptTokenCount: 9 },
      }),
    ).toMatchObject({ content: [], finishReason: "content-filter", rawFinishReason: "PROHIBITED_CONTENT" });
  });

  it("refuses a body that is not a Gemini response as an upstream error", () => {
    let caught: unknown;
    try {
      gemini.decodeResponse({ candidates: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect(caught).toMatchObject({ code: "upstream_error" });
  });
});

describe("gemini.encodeResponse", () => {
  it("encodes text, thoughts, function calls (signatures restored) and usage for a Gemini client", () => {
    const response: IrResponse = {
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      model: "claude-sonnet-4-5",
      content: [
        { type: "reasoning", text: "Need the weather.", signature: "EqQBCkYIBxgC" },
        { type: "text", text: "Checking." },
        { type: "reasoning", text: "", signature: "CiQB0e2Kb3dR" },
        { type: "tool-call", id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather", arguments: '{"city":"Paris"}' },
      ],
      finishReason: "tool-calls",
      usage: {
        inputTokens: { total: 2100, noCache: 100, cacheRead: 1800, cacheWrite: 200 },
        outputTokens: { total: 40, text: 30, reasoning: 10 },
      },
    };
    expect(gemini.encodeResponse(response, context)).toEqual({
      candidates: [
        {
          content: {
            role: "model",
            parts: [
              { text: "Need the weather.", thought: true, thoughtSignature: "EqQBCkYIBxgC" },
              { text: "Checking." },
              {
                functionCall: { id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather", args: { city: "Paris" } },
                thoughtSignature: "CiQB0e2Kb3dR",
              },
            ],
          },
          finishReason: "STOP",
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount: 2100,
        candidatesTokenCount: 30,
        cachedContentTokenCount: 1800,
        thoughtsTokenCount: 10,
        totalTokenCount: 2140,
      },
      modelVersion: "team-gemini",
      responseId: "msg_01XFDUDYJgAACzvnptvVoYEL",
    });
  });

  it("round-trips the upstream fixture's parts through the IR", () => {
    const encoded = gemini.encodeResponse(gemini.decodeResponse(responseFixture), context) as {
      candidates: unknown[];
      usageMetadata: unknown;
    };
    const original = responseFixture.candidates[0]?.content.parts ?? [];
    expect(encoded.candidates[0]).toEqual({
      content: {
        role: "model",
        parts: [
          original[0],
          { ...original[1], functionCall: { id: "call_mVMkaOqCJ9Kv1dkPq4KKuAU_0", ...original[1]?.functionCall } },
          { functionCall: { id: "call_mVMkaOqCJ9Kv1dkPq4KKuAU_1", ...original[2]?.functionCall } },
        ],
      },
      finishReason: "STOP",
      index: 0,
    });
    expect(encoded.usageMetadata).toEqual({
      promptTokenCount: 4120,
      candidatesTokenCount: 58,
      cachedContentTokenCount: 2048,
      thoughtsTokenCount: 243,
      totalTokenCount: 4421,
    });
  });
});
