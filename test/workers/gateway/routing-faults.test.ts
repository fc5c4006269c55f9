import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { routingState } from "../../../workers/gateway/routing-state.ts";
import anthropicToolUse from "../../fixtures/anthropic-messages/tool-use-response.json";
import chatResponse from "../../fixtures/openai-chat/non-stream-text.json";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());

const config = `
model_list:
  - { model_name: primary, litellm_params: { model: hosted_vllm/a, api_base: "https://a.test/v1" }, model_info: { id: dep-a } }
  - { model_name: pair, litellm_params: { model: hosted_vllm/a, api_base: "https://a.test/v1", order: 1 }, model_info: { id: pair-a } }
  - { model_name: pair, litellm_params: { model: hosted_vllm/b, api_base: "https://b.test/v1", order: 2 }, model_info: { id: pair-b } }
  - { model_name: retried, litellm_params: { model: hosted_vllm/a, api_base: "https://a.test/v1", num_retries: 1 }, model_info: { id: retried-a } }
  - { model_name: claude-backup, litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "https://anthropic.test", api_key: k }, model_info: { id: claude } }
  - { model_name: big-context, litellm_params: { model: hosted_vllm/big, api_base: "https://big.test/v1" }, model_info: { id: big } }
router_settings:
  allowed_fails: 1
  cooldown_time: 60
litellm_settings:
  fallbacks: [{ primary: [claude-backup] }]
  context_window_fallbacks: [{ primary: [big-context] }]
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

beforeEach(async () => {
  await activateConfig(config);
  routingState.reset();
});

const chat = (model: string) =>
  callGateway("/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });

const hosts = (requests: Array<{ url: string }>) => requests.map((request) => new URL(request.url).host);

describe("retries, fallbacks and cooldowns", () => {
  it("retries a 500 on the same deployment when num_retries allows, and records one request", async () => {
    let calls = 0;
    upstream = mockUpstreams({
      "https://a.test": () => (++calls === 1 ? new Response("boom", { status: 500 }) : Response.json(chatResponse)),
    });
    const result = await chat("retried");
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get("x-switchyard-attempts")).toBe("2");
    expect(hosts(upstream.requests)).toEqual(["a.test", "a.test"]);
    expect(result.spendRecords).toHaveLength(1);
    expect(result.spendRecords[0]).toMatchObject({ status: 200, deployment: "retried-a" });
  });

  it("moves to the group's other deployment after a 503, then skips the cooled-down one", async () => {
    upstream = mockUpstreams({
      "https://a.test": () => new Response("unavailable", { status: 503 }),
      "https://b.test": () => Response.json(chatResponse),
    });
    // pair-a is the first priority tier (order: 1); pair-b is tried only when it fails.
    const first = await chat("pair");
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get("x-switchyard-deployment")).toBe("pair-b");
    expect(first.response.headers.get("x-switchyard-attempts")).toBe("2");
    expect(hosts(upstream.requests)).toEqual(["a.test", "b.test"]);

    // A second failure trips the cooldown (allowed_fails: 1); from then on pair-a is not called at all.
    await chat("pair");
    const before = upstream.requests.length;
    for (let index = 0; index < 5; index++)
      expect((await chat("pair")).response.headers.get("x-switchyard-deployment")).toBe("pair-b");
    expect(hosts(upstream.requests.slice(before))).toEqual(Array(5).fill("b.test"));
  });

  it("falls back to another group in another format when the primary fails", async () => {
    upstream = mockUpstreams({
      "https://a.test": () => new Response("down", { status: 502 }),
      "https://anthropic.test": () => Response.json(anthropicToolUse),
    });
    const result = await chat("primary");
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get("x-switchyard-model-group")).toBe("claude-backup");
    expect(result.response.headers.get("x-switchyard-translation")).toBe("openai-chat->anthropic-messages");
    expect(result.json()).toMatchObject({ object: "chat.completion", choices: [{ finish_reason: "tool_calls" }] });
    expect(hosts(upstream.requests)).toEqual(["a.test", "anthropic.test"]);
    expect(result.spendRecords).toHaveLength(1);
    expect(result.spendRecords[0]).toMatchObject({ modelGroup: "claude-backup", provider: "anthropic", status: 200 });
  });

  it("uses context_window_fallbacks for a context-length error", async () => {
    upstream = mockUpstreams({
      "https://a.test": () =>
        Response.json(
          {
            error: { message: "This model's maximum context length is 8192 tokens.", code: "context_length_exceeded" },
          },
          { status: 400 },
        ),
      "https://big.test": () => Response.json(chatResponse),
    });
    const result = await chat("primary");
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get("x-switchyard-model-group")).toBe("big-context");
    expect(hosts(upstream.requests)).toEqual(["a.test", "big.test"]);
  });

  it("does not retry or fall back on a plain 400, and answers it in the caller's format", async () => {
    upstream = mockUpstreams({
      "https://a.test": () => Response.json({ error: { message: "Invalid 'temperature'." } }, { status: 400 }),
    });
    const result = await chat("primary");
    expect(result.response.status).toBe(400);
    expect(result.json()).toMatchObject({
      error: { message: "Invalid 'temperature'.", type: "invalid_request_error" },
    });
    expect(hosts(upstream.requests)).toEqual(["a.test"]);
    expect(result.spendRecords).toHaveLength(1);
  });

  it("gives up with the last error when every option fails, recording the request once", async () => {
    upstream = mockUpstreams({
      "https://a.test": () => new Response("down", { status: 500 }),
      "https://anthropic.test": () =>
        Response.json({ type: "error", error: { type: "api_error", message: "x" } }, { status: 500 }),
    });
    const result = await chat("primary");
    expect(result.response.status).toBe(502);
    expect(result.json()).toMatchObject({ error: { type: "api_error", code: "upstream_error" } });
    expect(hosts(upstream.requests)).toEqual(["a.test", "anthropic.test"]);
    expect(result.spendRecords).toHaveLength(1);
    expect(result.spendRecords[0]).toMatchObject({ status: 502, errorKind: "upstream_error" });
  });
});
