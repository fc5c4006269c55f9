import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { postAdmin } from "../helpers/call-admin.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { mockUpstreams } from "../helpers/mock-upstream.ts";

const config = `
model_list:
  - model_name: flaky
    litellm_params: { model: openai/gpt-4o, api_base: "https://flaky-only.test/v1", api_key: sk-up, input_cost_per_token: 0.000001, output_cost_per_token: 0.00001 }
    model_info: { id: flaky-only }
router_settings: { allowed_fails: 0, cooldown_time: 60, num_retries: 0 }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());

beforeAll(async () => {
  await activateConfig(config);
});

const chat = (key: string, headers: Record<string, string> = {}) =>
  callGateway("/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: "flaky", max_tokens: 20, messages: [{ role: "user", content: "hi" }] }),
  });

describe("a request refused before any upstream attempt", () => {
  it("still gets its one spend record, so every request id a client saw is in the ledger", async () => {
    upstream = mockUpstreams({
      "https://flaky-only.test": () =>
        Response.json({ error: { message: "boom", type: "server_error" } }, { status: 500 }),
    });
    const created = await postAdmin("/key/generate", { max_budget: 5 });
    const key = created.body.key as string;

    // The only deployment fails once (allowed_fails 0): it cools down for a minute.
    const failed = await chat(key);
    expect(failed.response.status).toBeGreaterThanOrEqual(500);
    expect(failed.spendRecords).toHaveLength(1);

    const refused = await chat(key, { "x-switchyard-session": "sess-refused-before-upstream" });
    expect(refused.response.status).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect(upstream.requests).toHaveLength(1);
    expect(refused.spendRecords).toEqual([
      expect.objectContaining({
        requestId: refused.response.headers.get("x-request-id"),
        modelGroup: "flaky",
        deployment: null,
        status: 429,
        errorKind: "rate_limited",
        costUsd: 0,
        sessionId: "sess-refused-before-upstream",
      }),
    ]);
  });
});
