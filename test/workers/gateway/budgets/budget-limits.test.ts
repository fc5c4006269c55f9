import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../../../workers/core/auth/hash-key.ts";
import { budgetScopeName } from "../../../../workers/core/budget/budget-scope.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../../helpers/activate-config.ts";
import { callGateway } from "../../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../../helpers/mock-upstream.ts";
import { chatCompletion, createKey, createTeam, INPUT_PRICE, OUTPUT_PRICE } from "./budget-fixtures.ts";

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());

const config = `
model_list:
  - model_name: priced
    litellm_params: { model: openai/gpt-4o, api_base: "https://openai.test/v1", api_key: sk-up, input_cost_per_token: ${INPUT_PRICE}, output_cost_per_token: ${OUTPUT_PRICE} }
    model_info: { id: priced-openai }
  - model_name: embed
    litellm_params: { model: mock/text-embedding-3-small, input_cost_per_token: 0.00000002, output_cost_per_token: 0 }
  - model_name: unpriced
    litellm_params: { model: hosted_vllm/in-house-model, api_base: "https://vllm.test/v1" }
    model_info: { id: in-house }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

beforeAll(async () => {
  await activateConfig(config);
});

const MAX_TOKENS = 100;
const body = JSON.stringify({ model: "priced", max_tokens: MAX_TOKENS, messages: [{ role: "user", content: "hi" }] });
/** What the gateway estimates for this body (bytes / 4), which the mock reports back as the real count. */
const INPUT_TOKENS = Math.ceil(new TextEncoder().encode(body).length / 4);
const COST_PER_REQUEST = INPUT_TOKENS * INPUT_PRICE + MAX_TOKENS * OUTPUT_PRICE;

const chat = (key: string, requestBody = body, envOverrides: Partial<Env> = {}) =>
  callGateway(
    "/v1/chat/completions",
    {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: requestBody,
    },
    envOverrides,
  );

function answerEveryCall() {
  upstream = mockUpstreams({ "https://openai.test": () => Response.json(chatCompletion(INPUT_TOKENS, MAX_TOKENS)) });
  return upstream;
}

async function snapshotOf(scope: Parameters<typeof budgetScopeName>[0], limits: Record<string, unknown>) {
  return env.BUDGET_COUNTER.getByName(budgetScopeName(scope)).snapshot({
    limits: {
      maxBudgetUsd: null,
      budgetDuration: null,
      rpmLimit: null,
      tpmLimit: null,
      maxParallelRequests: null,
      ...limits,
    },
    now: Date.now(),
  });
}

const statuses = (results: Array<{ response: Response }>) => {
  const counts: Record<number, number> = {};
  for (const { response } of results) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
};

describe("budgets under concurrency", () => {
  it("lets at most 10 of 200 concurrent requests through a key budget that covers exactly 10", async () => {
    const calls = answerEveryCall();
    // Covers 10 requests, not 11.
    const budget = COST_PER_REQUEST * 10.5;
    const key = await createKey({ max_budget: budget });
    const results = await Promise.all(Array.from({ length: 200 }, () => chat(key)));

    expect(statuses(results)).toEqual({ 200: 10, 429: 190 });
    expect(calls.requests).toHaveLength(10);
    const refused = results.find((result) => result.response.status === 429);
    expect(refused?.json()).toMatchObject({ error: { type: "budget_exceeded", code: "budget_exceeded" } });
    expect(refused?.response.headers.get("x-should-retry")).toBe("false");
    expect(refused?.json()).toMatchObject({ error: { message: expect.stringContaining("max_budget") } });

    const records = results.flatMap((result) => result.spendRecords);
    expect(records).toHaveLength(200);
    const spent = records.reduce((sum, record) => sum + record.costUsd, 0);
    expect(spent).toBeCloseTo(COST_PER_REQUEST * 10, 12);
    expect(spent).toBeLessThanOrEqual(budget);
    expect(
      records.filter((record) => record.status === 429).every((record) => record.errorKind === "budget_exceeded"),
    ).toBe(true);

    const snapshot = await snapshotOf({ kind: "key", id: await sha256Hex(key) }, { maxBudgetUsd: budget });
    expect(snapshot.spentUsd).toBeCloseTo(COST_PER_REQUEST * 10, 9);
    expect(snapshot.reservedUsd).toBe(0);
    expect(snapshot.inFlight).toBe(0);
  });

  it("holds a team budget shared by several keys", async () => {
    answerEveryCall();
    const budget = COST_PER_REQUEST * 10.5;
    const teamId = await createTeam({ max_budget: budget });
    const keys = await Promise.all([1, 2, 3].map(() => createKey({ team_id: teamId })));
    const results = await Promise.all(Array.from({ length: 200 }, (_, index) => chat(keys[index % 3] ?? "")));

    expect(statuses(results)).toEqual({ 200: 10, 429: 190 });
    const refused = results.find((result) => result.response.status === 429);
    expect(refused?.json()).toMatchObject({ error: { message: expect.stringContaining(`team ${teamId}`) } });
    const spent = results.flatMap((result) => result.spendRecords).reduce((sum, record) => sum + record.costUsd, 0);
    expect(spent).toBeLessThanOrEqual(budget);
    const snapshot = await snapshotOf({ kind: "team", id: teamId }, { maxBudgetUsd: budget });
    expect(snapshot.spentUsd).toBeCloseTo(COST_PER_REQUEST * 10, 9);
  });

  it("enforces rpm_limit: 10 of 200 concurrent requests pass, the rest get rate_limit_exceeded with retry-after", async () => {
    answerEveryCall();
    const key = await createKey({ rpm_limit: 10 });
    const results = await Promise.all(Array.from({ length: 200 }, () => chat(key)));

    expect(statuses(results)).toEqual({ 200: 10, 429: 190 });
    const refused = results.find((result) => result.response.status === 429);
    expect(refused?.json()).toMatchObject({ error: { type: "rate_limit_exceeded", code: "rate_limited" } });
    const retryAfter = Number(refused?.response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused?.response.headers.get("x-ratelimit-limit-requests")).toBe("10");
    expect(refused?.response.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    const remaining = results
      .filter((result) => result.response.status === 200)
      .map((result) => Number(result.response.headers.get("x-ratelimit-remaining-requests")))
      .sort((left, right) => left - right);
    expect(remaining).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("enforces max_parallel_requests while the allowed requests are still running", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    upstream = mockUpstreams({
      "https://openai.test": async () => {
        await gate;
        return Response.json(chatCompletion(INPUT_TOKENS, MAX_TOKENS));
      },
    });
    const key = await createKey({ max_parallel_requests: 5 });
    let finished = 0;
    let allRefused: () => void = () => {};
    const refusalsDone = new Promise<void>((resolve) => {
      allRefused = resolve;
    });
    const results = Array.from({ length: 200 }, () =>
      chat(key).then((result) => {
        if (++finished === 195) allRefused();
        return result;
      }),
    );
    // Five are parked at the upstream; the other 195 must have been refused without reaching it.
    await refusalsDone;
    expect(upstream.requests).toHaveLength(5);
    release();
    const settled = await Promise.all(results);
    expect(statuses(settled)).toEqual({ 200: 5, 429: 195 });
    const refused = settled.find((result) => result.response.status === 429);
    expect(refused?.json()).toMatchObject({
      error: { type: "rate_limit_exceeded", message: expect.stringContaining("max_parallel_requests 5") },
    });
    // Every slot is free again.
    expect((await chat(key)).response.status).toBe(200);
  });

  it("reports the remaining budget and limits on every granted answer", async () => {
    answerEveryCall();
    const key = await createKey({ max_budget: 1, rpm_limit: 100, tpm_limit: 100_000 });
    const first = await chat(key);
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get("x-ratelimit-limit-requests")).toBe("100");
    expect(first.response.headers.get("x-ratelimit-remaining-requests")).toBe("99");
    expect(first.response.headers.get("x-ratelimit-limit-tokens")).toBe("100000");
    expect(Number(first.response.headers.get("x-ratelimit-remaining-tokens"))).toBe(
      100_000 - INPUT_TOKENS - MAX_TOKENS,
    );
    expect(Number(first.response.headers.get("x-switchyard-budget-remaining"))).toBeCloseTo(1 - COST_PER_REQUEST, 9);
    expect(Number(first.response.headers.get("x-switchyard-response-cost"))).toBeCloseTo(COST_PER_REQUEST, 12);
  });
});

describe("embeddings", () => {
  it("pass the same limits: held at the input estimate, settled to the recorded cost", async () => {
    const key = await createKey({ rpm_limit: 1, max_budget: 1 });
    const embed = () =>
      callGateway("/v1/embeddings", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "embed", input: "the quick brown fox" }),
      });
    const first = await embed();
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get("x-ratelimit-remaining-requests")).toBe("0");
    const second = await embed();
    expect(second.response.status).toBe(429);
    expect(second.json()).toMatchObject({ error: { type: "rate_limit_exceeded" } });
    const snapshot = await snapshotOf({ kind: "key", id: await sha256Hex(key) }, { maxBudgetUsd: 1, rpmLimit: 1 });
    expect(snapshot.spentUsd).toBeCloseTo(first.spendRecords[0]?.costUsd ?? -1, 12);
    expect(snapshot.spentUsd).toBeGreaterThan(0);
    expect(snapshot.reservedUsd).toBe(0);
  });
});

describe("budget policies", () => {
  const unpricedBody = JSON.stringify({ model: "unpriced", messages: [{ role: "user", content: "hi" }] });

  it("refuses a request it cannot price for a scope with a budget, unless the scope allows it", async () => {
    upstream = mockUpstreams({ "https://vllm.test": () => Response.json(chatCompletion(10, 5)) });
    const strict = await createKey({ max_budget: 5 });
    const refused = await chat(strict, unpricedBody);
    expect(refused.response.status).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { type: "permission_error", message: expect.stringContaining("unknown_price: refuse") },
    });
    expect(upstream.requests).toHaveLength(0);

    const lenient = await createKey({ max_budget: 5, unknown_price: "allow" });
    const allowed = await chat(lenient, unpricedBody);
    expect(allowed.response.status).toBe(200);
    expect(allowed.response.headers.get("x-switchyard-response-cost")).toBe("unknown");

    // A key with only a rate limit has no USD to protect: unpriced requests pass.
    const rateOnly = await createKey({ rpm_limit: 100 });
    expect((await chat(rateOnly, unpricedBody)).response.status).toBe(200);
  });

  const unreachable = {
    BUDGET_COUNTER: {
      getByName: () =>
        new Proxy(
          {},
          {
            get: () => async () => {
              throw new Error("Durable Object reset because its code was updated.");
            },
          },
        ),
    } as unknown as Env["BUDGET_COUNTER"],
  };

  it("fails closed with 503 when the budget Durable Object cannot be reached", async () => {
    const calls = answerEveryCall();
    const key = await createKey({ max_budget: 5 });
    const result = await chat(key, body, unreachable);
    expect(result.response.status).toBe(503);
    expect(result.json()).toMatchObject({ error: { code: "budget_unavailable" } });
    expect(result.response.headers.get("retry-after")).toBe("1");
    expect(calls.requests).toHaveLength(0);
    expect(result.spendRecords[0]).toMatchObject({ status: 503, errorKind: "budget_unavailable" });
  });

  it("serves unmetered when the failure mode is open", async () => {
    const calls = answerEveryCall();
    const key = await createKey({ max_budget: 5 });
    const result = await chat(key, body, {
      ...unreachable,
      BUDGET_FAILURE_MODE: "open",
    } as unknown as Partial<Env>);
    expect(result.response.status).toBe(200);
    expect(calls.requests).toHaveLength(1);
    expect(result.spendRecords[0]).toMatchObject({ status: 200 });
  });

  it("fast mode admits on a cached balance, settles after, and refuses once the isolate sees the budget spent", async () => {
    answerEveryCall();
    const budget = COST_PER_REQUEST * 3.5;
    const key = await createKey({ max_budget: budget, budget_mode: "fast" });
    const statusesInOrder: number[] = [];
    for (let index = 0; index < 5; index++) statusesInOrder.push((await chat(key)).response.status);
    expect(statusesInOrder).toEqual([200, 200, 200, 200, 429]);
    // No reservation was held, yet every admitted request was charged.
    const snapshot = await snapshotOf({ kind: "key", id: await sha256Hex(key) }, { maxBudgetUsd: budget });
    expect(snapshot.spentUsd).toBeCloseTo(COST_PER_REQUEST * 4, 9);
    expect(snapshot.reservedUsd).toBe(0);
    expect(snapshot.requestsLastMinute).toBe(4);
  });
});
