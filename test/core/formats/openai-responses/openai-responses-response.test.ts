import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../workers/core/errors/gateway-error.ts";
import { openAiResponses } from "../../../../workers/core/formats/openai-responses/index.ts";
import type { IrResponse } from "../../../../workers/core/ir/response.ts";
import responseFixture from "../../../fixtures/openai-responses/response-function-call.json";

const [reasoningItem, messageItem, functionCallItem] = responseFixture.output;
const RESPONSE_SUFFIX = responseFixture.id.slice("resp_".length);

const decoded: IrResponse = {
  id: responseFixture.id,
  model: "gpt-5.1-2025-11-13",
  content: [
    {
      type: "reasoning",
      text: "**Checking the weather**\n\nThe user wants Paris weather; I'll call get_weather.",
      encryptedContent: reasoningItem?.encrypted_content,
      id: reasoningItem?.id,
    },
    { type: "text", text: "Let me look that up." },
    {
      type: "tool-call",
      id: "call_9bZt4Wq2LmX7nR5vK1pY8sJd",
      name: "get_weather",
      arguments: '{"city":"Paris","unit":"celsius"}',
    },
  ],
  finishReason: "tool-calls",
  rawFinishReason: "completed",
  usage: {
    inputTokens: { total: 1832, noCache: 296, cacheRead: 1536, cacheWrite: 0 },
    outputTokens: { total: 94, text: 30, reasoning: 64 },
    raw: responseFixture.usage,
  },
};

describe("openAiResponses.decodeResponse", () => {
  it("reads reasoning, message and function_call items, the finish reason and cached/reasoning usage", () => {
    expect(openAiResponses.decodeResponse(responseFixture)).toStrictEqual(decoded);
  });

  it("maps incomplete and failed statuses to length, content-filter and error", () => {
    const decode = (patch: Record<string, unknown>) => openAiResponses.decodeResponse({ ...responseFixture, ...patch });
    expect(decode({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" } })).toMatchObject({
      finishReason: "length",
      rawFinishReason: "max_output_tokens",
    });
    expect(decode({ status: "incomplete", incomplete_details: { reason: "content_filter" } })).toMatchObject({
      finishReason: "content-filter",
      rawFinishReason: "content_filter",
    });
    expect(decode({ status: "failed", output: [] })).toMatchObject({
      finishReason: "error",
      rawFinishReason: "failed",
    });
    expect(decode({ output: [messageItem] })).toMatchObject({ finishReason: "stop", rawFinishReason: "completed" });
  });

  it("refuses a body that is not a response object, as an upstream error that does not echo it", () => {
    for (const body of ["<html>Bad gateway</html>", { output: "nope" }]) {
      let thrown: unknown;
      try {
        openAiResponses.decodeResponse(body);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GatewayError);
      expect(thrown).toMatchObject({ code: "upstream_error", status: 502 });
      expect((thrown as GatewayError).message).not.toMatch(/html|nope/);
    }
  });
});

describe("openAiResponses.encodeResponse", () => {
  it("writes a complete response object with typed item ids and Responses usage", () => {
    const encoded = openAiResponses.encodeResponse(decoded, { model: "team-gpt", responseId: "resp_unused" });
    expect(encoded).toStrictEqual({
      id: responseFixture.id,
      object: "response",
      created_at: expect.any(Number),
      status: "completed",
      error: null,
      incomplete_details: null,
      model: "team-gpt",
      output: [
        {
          id: reasoningItem?.id,
          type: "reasoning",
          summary: reasoningItem?.summary,
          encrypted_content: reasoningItem?.encrypted_content,
        },
        {
          id: `msg_${RESPONSE_SUFFIX}_1`,
          type: "message",
          status: "completed",
          role: "assistant",
          content: [{ type: "output_text", annotations: [], logprobs: [], text: "Let me look that up." }],
        },
        {
          id: `fc_${RESPONSE_SUFFIX}_2`,
          type: "function_call",
          status: "completed",
          arguments: functionCallItem?.arguments,
          call_id: functionCallItem?.call_id,
          name: "get_weather",
        },
      ],
      usage: responseFixture.usage,
    });
  });

  it("gives another provider's answer a resp_ id, an incomplete status, and carries its thinking signature", () => {
    const fromAnthropic: IrResponse = {
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      model: "claude-sonnet-4-5",
      content: [
        { type: "reasoning", text: "Counting words.", signature: "EqQBCkYIBxgCKkDx9f2" },
        { type: "text", text: "The essay begins" },
      ],
      finishReason: "length",
      rawFinishReason: "max_tokens",
      usage: {
        inputTokens: { total: 1200, noCache: 200, cacheRead: 900, cacheWrite: 100 },
        outputTokens: { total: 512, text: 512, reasoning: 0 },
      },
    };
    const encoded = openAiResponses.encodeResponse(fromAnthropic, {
      model: "team-claude",
      responseId: "5b0c9e2a-7f41-4d6b-9a38-1c2e3f4a5b6c",
    });
    expect(encoded).toMatchObject({
      id: "resp_5b0c9e2a7f414d6b9a381c2e3f4a5b6c",
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
      output: [
        {
          id: "rs_5b0c9e2a7f414d6b9a381c2e3f4a5b6c_0",
          type: "reasoning",
          summary: [{ type: "summary_text", text: "Counting words." }],
          encrypted_content: "switchyard:signature:EqQBCkYIBxgCKkDx9f2",
        },
        { id: "msg_5b0c9e2a7f414d6b9a381c2e3f4a5b6c_1", type: "message" },
      ],
      usage: {
        input_tokens: 1200,
        input_tokens_details: { cached_tokens: 900 },
        output_tokens: 512,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 1712,
      },
    });

    // Codex replays the reasoning item next turn; the signature comes back for the Anthropic request.
    const output = (encoded as { output: unknown[] }).output;
    const nextTurn = openAiResponses.parseRequest({ model: "team-claude", input: [output[0], output[1]] });
    expect(nextTurn.messages).toStrictEqual([
      {
        role: "assistant",
        content: [
          {
            type: "reasoning",
            text: "Counting words.",
            signature: "EqQBCkYIBxgCKkDx9f2",
            id: "rs_5b0c9e2a7f414d6b9a381c2e3f4a5b6c_0",
          },
          { type: "text", text: "The essay begins" },
        ],
      },
    ]);
    // …and is never sent to OpenAI, which could not read it.
    const toOpenAi = openAiResponses.buildRequest(nextTurn, { upstreamModel: "gpt-5.1", dropParams: false });
    expect(toOpenAi.body.input).toStrictEqual([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "The essay begins" }] },
    ]);
  });
});
