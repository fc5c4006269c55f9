import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { SpendRecord } from "../../workers/core/spend/spend-record.ts";
import { gatewayConfigCache } from "../../workers/gateway/config-cache.ts";
import { gatewayKeyCache } from "../../workers/gateway/key-cache.ts";
import { consumeSpendBatch } from "../../workers/gateway/spend/consume-spend-batch.ts";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { postAdmin } from "../helpers/call-admin.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { mockUpstreams } from "../helpers/mock-upstream.ts";
import { failingD1 } from "./fault-bindings.ts";

const config = `
model_list:
  - model_name: gpt
    litellm_params: { model: openai/gpt-4o, api_base: "https://openai.test/v1", api_key: sk-up, input_cost_per_token: 0.000001, output_cost_per_token: 0.00001 }
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "https://anthropic.test", api_key: sk-up, input_cost_per_token: 0.000003, output_cost_per_token: 0.000015 }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

const chatAnswer = {
  id: "chatcmpl-d1down",
  object: "chat.completion",
  created: 1_795_000_000,
  model: "gpt-4o",
  choices: [{ index: 0, message: { role: "assistant", content: "still here" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
};
const chatStream = [
  { choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] },
  { choices: [{ index: 0, delta: { content: "still here" }, finish_reason: null }] },
  { choices: [{ index: 0, delta: {}, finish_reason: "stop" }] },
  { choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } },
]
  .map((chunk) => `data: ${JSON.stringify({ id: "chatcmpl-d1down", object: "chat.completion.chunk", ...chunk })}\n\n`)
  .join("")
  .concat("data: [DONE]\n\n");

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => {
  upstream?.restore();
  vi.restoreAllMocks();
});

function answerUpstream() {
  upstream = mockUpstreams({
    "https://openai.test": (_request, body) =>
      (JSON.parse(body) as { stream?: boolean }).stream === true
        ? new Response(chatStream, { headers: { "content-type": "text/event-stream" } })
        : Response.json(chatAnswer),
  });
  return upstream;
}

const chat = (key: string, options: { stream?: boolean; db?: D1Database } = {}) =>
  callGateway(
    "/v1/chat/completions",
    {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt",
        max_tokens: 50,
        messages: [{ role: "user", content: "hi" }],
        ...(options.stream === true ? { stream: true, stream_options: { include_usage: true } } : {}),
      }),
    },
    options.db === undefined ? {} : { DB: options.db },
  );

const messages = (key: string, db: D1Database) =>
  callGateway(
    "/v1/messages",
    {
      method: "POST",
      headers: { "x-api-key": key, "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ model: "claude", max_tokens: 50, messages: [{ role: "user", content: "hi" }] }),
    },
    { DB: db },
  );

async function createKey(budget: number): Promise<string> {
  const created = await postAdmin("/key/generate", { max_budget: budget });
  if (created.status !== 200) throw new Error(`key/generate failed: ${JSON.stringify(created.body)}`);
  return created.body.key as string;
}

/**
 * Two calls with D1 up: the first loads the key, and its change-log poll evicts it again (the key's
 * creation is a logged change); the second caches it for good.
 */
async function warm(key: string): Promise<void> {
  for (let call = 0; call < 2; call++) expect((await chat(key)).response.status).toBe(200);
}

async function consume(records: SpendRecord[], database: D1Database) {
  const batch = createMessageBatch(
    "switchyard-spend",
    records.map((body, index) => ({ id: `m${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  await consumeSpendBatch(batch, { ...env, DB: database });
  return getQueueResult(batch, createExecutionContext());
}

async function spendRowsOf(requestIds: string[]) {
  const placeholders = requestIds.map(() => "?").join(", ");
  const { results } = await env.DB.prepare(
    `SELECT request_id, cost_usd FROM spend_logs WHERE request_id IN (${placeholders}) ORDER BY request_id`,
  )
    .bind(...requestIds)
    .all<{ request_id: string; cost_usd: number }>();
  return results;
}

beforeAll(async () => {
  await activateConfig(config);
});

describe("D1 unavailable", () => {
  it("keeps serving warm keys from the caches, streamed or not, and their spend lands once D1 is back", async () => {
    answerUpstream();
    const key = await createKey(10);
    await warm(key);

    const down = failingD1();
    const plain = await chat(key, { db: down });
    const streamed = await chat(key, { stream: true, db: down });
    expect(plain.response.status).toBe(200);
    expect(plain.json()).toMatchObject({ choices: [{ message: { content: "still here" } }] });
    expect(streamed.response.status).toBe(200);
    expect(streamed.text).toContain("still here");
    expect(streamed.text).toContain("data: [DONE]");

    const queued = [...plain.spendRecords, ...streamed.spendRecords];
    expect(queued).toHaveLength(2);
    expect(queued.map((record) => record.requestId)).toEqual([
      plain.response.headers.get("x-request-id"),
      streamed.response.headers.get("x-request-id"),
    ]);
    const expectedCost = 10 * 0.000001 + 5 * 0.00001;
    for (const record of queued) expect(record.costUsd).toBeCloseTo(expectedCost, 12);
    expect(Number(plain.response.headers.get("x-switchyard-response-cost"))).toBeCloseTo(expectedCost, 12);

    // While D1 is down the consumer acknowledges nothing, so the Queue redelivers the whole batch.
    const whileDown = await consume(queued, down);
    expect(whileDown.explicitAcks).toEqual([]);
    expect(whileDown.retryMessages.map((message) => message.msgId).sort()).toEqual(["m0", "m1"]);
    const ids = queued.map((record) => record.requestId);
    expect(await spendRowsOf(ids)).toEqual([]);

    // D1 is back: the redelivered batch lands, and a second redelivery changes nothing.
    expect((await consume(queued, env.DB)).explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect((await consume(queued, env.DB)).explicitAcks.sort()).toEqual(["m0", "m1"]);
    const rows = await spendRowsOf(ids);
    expect(rows.map((row) => row.request_id)).toEqual([...ids].sort());
    expect(rows.reduce((sum, row) => sum + row.cost_usd, 0)).toBeCloseTo(2 * expectedCost, 12);
  });

  it("serves a key cached long ago rather than failing when D1 cannot refresh it", async () => {
    answerUpstream();
    const key = await createKey(10);
    await warm(key);
    // Past the key cache's five-minute re-read: the entry is stale, and D1 is down.
    const later = Date.now() + 6 * 60_000;
    vi.spyOn(Date, "now").mockReturnValue(later);
    const result = await chat(key, { db: failingD1() });
    expect(result.response.status).toBe(200);
    expect(result.spendRecords).toHaveLength(1);
  });

  it("answers a key it has never seen with a retryable 503 in the caller's format, not a 500", async () => {
    answerUpstream();
    const key = await createKey(10);
    const openAi = await chat(key, { db: failingD1() });
    expect(openAi.response.status).toBe(503);
    expect(openAi.response.headers.get("retry-after")).not.toBeNull();
    expect(openAi.json()).toMatchObject({ error: { code: "config_unavailable", type: expect.any(String) } });
    expect(JSON.stringify(openAi.json())).not.toContain("D1_ERROR");

    const anthropic = await messages(key, failingD1());
    expect(anthropic.response.status).toBe(503);
    expect(anthropic.json()).toMatchObject({ type: "error", error: { type: expect.any(String) } });
    expect(upstream?.requests).toHaveLength(0);

    // Once D1 answers again the same key works: the failure was not cached as "no such key".
    expect((await chat(key)).response.status).toBe(200);
  });

  it("answers 503 in the caller's format from a cold isolate (no config, no keys cached)", async () => {
    answerUpstream();
    const key = await createKey(10);
    gatewayConfigCache.clear();
    gatewayKeyCache.clear();
    const down = failingD1();

    const openAi = await chat(key, { db: down });
    expect(openAi.response.status).toBe(503);
    expect(openAi.json()).toMatchObject({ error: { code: "config_unavailable" } });
    expect(openAi.response.headers.get("retry-after")).toBe("1");
    const anthropic = await messages(key, down);
    expect(anthropic.response.status).toBe(503);
    expect(anthropic.json()).toMatchObject({ type: "error", error: { type: expect.any(String) } });

    const readiness = await callGateway("/health/readiness", {}, { DB: down });
    expect(readiness.response.status).toBe(503);
    expect(readiness.json()).toMatchObject({ status: "not_ready", checks: { db: "unreachable" } });
    expect(upstream?.requests).toHaveLength(0);

    // Config loaded, key cache warm but its change log unread (D1 went down in between): still a 503.
    expect((await chat(key)).response.status).toBe(200);
    gatewayKeyCache.clear();
    expect((await chat(key, { db: down })).response.status).toBe(503);
    expect((await chat(key)).response.status).toBe(200);
  });

  it("reports D1 down on readiness while the warm gateway keeps serving", async () => {
    answerUpstream();
    const key = await createKey(10);
    await warm(key);
    const down = failingD1();
    const readiness = await callGateway("/health/readiness", {}, { DB: down });
    expect(readiness.response.status).toBe(503);
    expect(readiness.json()).toMatchObject({ status: "not_ready", checks: { config: "ok", db: "unreachable" } });
    expect((await chat(key, { db: down })).response.status).toBe(200);
  });
});
