import { afterEach, beforeEach, describe, expect, it } from "vitest";
import claudeCodeRequest from "../../fixtures/anthropic-messages/claude-code-request.json";
import anthropicToolUse from "../../fixtures/anthropic-messages/tool-use-response.json";
import codexRequest from "../../fixtures/openai-responses/codex-request.json";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());

beforeEach(async () => {
  await activateConfig(`
model_list:
  - { model_name: claude-sonnet, litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "https://anthropic.test", api_key: sk-ant-upstream } }
  - { model_name: gpt-via-chat, litellm_params: { model: hosted_vllm/qwen3-coder, api_base: "https://vllm.test/v1" } }
  - { model_name: demo, litellm_params: { model: mock/demo } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
});

const betas = "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27";
const claudeCodeHeaders = {
  authorization: `Bearer ${TEST_MASTER_KEY}`,
  "content-type": "application/json",
  "anthropic-version": "2023-06-01",
  "anthropic-beta": betas,
  "x-claude-code-session-id": "cc-session-1",
};

describe("POST /v1/messages (Anthropic in)", () => {
  it("takes Claude Code's ?beta=true request to an Anthropic upstream untouched but for the model, with its headers", async () => {
    upstream = mockUpstreams({ "https://anthropic.test": () => Response.json(anthropicToolUse) });
    const body = { ...claudeCodeRequest, model: "claude-sonnet", stream: false };
    const result = await callGateway("/v1/messages?beta=true", {
      method: "POST",
      headers: claudeCodeHeaders,
      body: JSON.stringify(body),
    });
    expect(result.response.status).toBe(200);
    expect(result.json()).toEqual(anthropicToolUse);
    const sent = upstream.requests[0];
    expect(sent?.url).toBe("https://anthropic.test/v1/messages");
    expect(sent?.headers.get("x-api-key")).toBe("sk-ant-upstream");
    expect(sent?.headers.get("anthropic-version")).toBe("2023-06-01");
    expect(sent?.headers.get("anthropic-beta")).toBe(betas);
    expect(sent?.headers.get("authorization")).toBeNull();
    expect(JSON.parse(sent?.body ?? "")).toEqual({ ...body, model: "claude-sonnet-4-5" });
    expect(result.response.headers.get("x-switchyard-session-id")).toBe("cc-session-1");
    expect(result.spendRecords[0]).toMatchObject({ sessionId: "cc-session-1", apiFormat: "anthropic-messages" });
  });

  it("accepts any anthropic-version and the key in x-api-key", async () => {
    const result = await callGateway("/v1/messages", {
      method: "POST",
      headers: { "x-api-key": TEST_MASTER_KEY, "anthropic-version": "2026-10-21", "content-type": "application/json" },
      body: JSON.stringify({ model: "demo", max_tokens: 100, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(result.response.status).toBe(200);
    expect(result.json()).toMatchObject({
      type: "message",
      role: "assistant",
      model: "demo",
      content: [{ type: "text", text: "Mock reply from Switchyard. You said: hi" }],
      stop_reason: "end_turn",
    });
  });

  it("answers errors in Anthropic's shape", async () => {
    const noKey = await callGateway("/v1/messages", { method: "POST", body: "{}" });
    expect(noKey.response.status).toBe(401);
    expect(noKey.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    const badType = await callGateway("/v1/messages", {
      method: "POST",
      headers: claudeCodeHeaders,
      body: JSON.stringify({ model: "demo", max_tokens: "lots", messages: [] }),
    });
    expect(badType.response.status).toBe(400);
    expect(badType.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    expect((badType.json() as { error: { message: string } }).error.message).toContain("max_tokens");
    const unknown = await callGateway("/v1/messages", {
      method: "POST",
      headers: claudeCodeHeaders,
      body: JSON.stringify({ model: "nope", max_tokens: 5, messages: [{ role: "user", content: "x" }] }),
    });
    expect(unknown.response.status).toBe(404);
    expect(unknown.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
  });

  it("counts tokens for a Claude Code body", async () => {
    const { max_tokens: _ignored, stream: _stream, ...countBody } = { ...claudeCodeRequest, model: "claude-sonnet" };
    const result = await callGateway("/v1/messages/count_tokens?beta=true", {
      method: "POST",
      headers: claudeCodeHeaders,
      body: JSON.stringify(countBody),
    });
    expect(result.response.status).toBe(200);
    const { input_tokens } = result.json() as { input_tokens: number };
    const characters =
      JSON.stringify(countBody.system).length +
      JSON.stringify(countBody.messages).length +
      JSON.stringify(countBody.tools).length;
    expect(input_tokens).toBe(Math.ceil(characters / 4));
  });
});

describe("POST /v1/responses (Responses in)", () => {
  it("translates Codex's request for a Chat upstream and streams back a complete Responses event sequence", async () => {
    const chatStream = [
      { choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] },
      { choices: [{ index: 0, delta: { content: "All good." }, finish_reason: null }] },
      { choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
      { choices: [], usage: { prompt_tokens: 40, completion_tokens: 3, total_tokens: 43 } },
    ]
      .map(
        (chunk) =>
          `data: ${JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model: "qwen3-coder", ...chunk })}\n\n`,
      )
      .join("");
    upstream = mockUpstreams({
      "https://vllm.test": () =>
        new Response(`${chatStream}data: [DONE]\n\n`, { headers: { "content-type": "text/event-stream" } }),
    });
    const result = await callGateway("/v1/responses", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ ...codexRequest, model: "gpt-via-chat" }),
    });
    expect(result.response.status).toBe(200);
    const types = [...result.text.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(types[0]).toBe("response.created");
    expect(types).toContain("response.output_item.added");
    expect(types).toContain("response.output_text.delta");
    expect(types).toContain("response.output_item.done");
    expect(types.at(-1)).toBe("response.completed");
    const sent = JSON.parse(upstream.requests[0]?.body ?? "") as {
      model: string;
      tools: Array<{ type: string }>;
      stream_options: unknown;
    };
    expect(sent.model).toBe("qwen3-coder");
    expect(sent.tools.every((tool) => tool.type === "function")).toBe(true);
    expect(result.response.headers.get("x-switchyard-dropped-params")).toContain("tools.");
    expect(result.spendRecords[0]).toMatchObject({
      inputTokens: 40,
      outputTokens: 3,
      sessionId: "019aa9c1-3f6e-7d20-b5a8-4e2f1c9d7b63",
    });
  });

  it("answers errors in OpenAI's shape", async () => {
    const result = await callGateway("/v1/responses", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_MASTER_KEY}` },
      body: JSON.stringify({ model: "demo", input: 7 }),
    });
    expect(result.response.status).toBe(400);
    expect(result.json()).toMatchObject({ error: { type: "invalid_request_error", param: "input" } });
  });
});

describe("Gemini's native API in", () => {
  it("routes by the model in the path, streaming by method, and answers in Gemini's shape", async () => {
    const headers = { "x-goog-api-key": TEST_MASTER_KEY, "content-type": "application/json" };
    const body = JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hello gemini" }] }] });
    const plain = await callGateway("/v1beta/models/demo:generateContent", { method: "POST", headers, body });
    expect(plain.response.status).toBe(200);
    expect(plain.json()).toMatchObject({
      candidates: [
        {
          content: { role: "model", parts: [{ text: "Mock reply from Switchyard. You said: hello gemini" }] },
          finishReason: "STOP",
        },
      ],
    });
    const streamed = await callGateway("/v1beta/models/demo:streamGenerateContent?alt=sse", {
      method: "POST",
      headers,
      body,
    });
    expect(streamed.response.headers.get("content-type")).toContain("text/event-stream");
    const text = [...streamed.text.matchAll(/^data: (.+)$/gm)]
      .map(
        (match) =>
          JSON.parse(match[1] ?? "{}") as { candidates?: Array<{ content?: { parts?: Array<{ text?: string }> } }> },
      )
      .map((chunk) => chunk.candidates?.[0]?.content?.parts?.map((part) => part.text ?? "").join("") ?? "")
      .join("");
    expect(text).toBe("Mock reply from Switchyard. You said: hello gemini");
    const wrongMethod = await callGateway("/v1beta/models/demo:embedContent", { method: "POST", headers, body });
    expect(wrongMethod.response.status).toBe(404);
    expect(wrongMethod.json()).toMatchObject({ error: { code: 404, status: "NOT_FOUND" } });
  });
});
