import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../../workers/core/auth/hash-key.ts";
import { budgetScopeName } from "../../../workers/core/budget/budget-scope.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";
import {
  activatePricedConfig,
  chatCompletion,
  createAgentInNewTeam,
  createKey,
  INPUT_PRICE,
  OUTPUT_PRICE,
} from "./budgets/budget-fixtures.ts";

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());

beforeAll(activatePricedConfig);

const MAX_TOKENS = 100;
const body = JSON.stringify({ model: "priced", max_tokens: MAX_TOKENS, messages: [{ role: "user", content: "hi" }] });
/** What the gateway estimates for this body (bytes / 4), which the mock reports back as the real count. */
const INPUT_TOKENS = Math.ceil(new TextEncoder().encode(body).length / 4);
const COST_PER_REQUEST = INPUT_TOKENS * INPUT_PRICE + MAX_TOKENS * OUTPUT_PRICE;

const chat = (key: string) =>
  callGateway("/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
  });

function answerEveryCall() {
  upstream = mockUpstreams({ "https://openai.test": () => Response.json(chatCompletion(INPUT_TOKENS, MAX_TOKENS)) });
  return upstream;
}

/** A new agent in a new team (budget Durable Objects keep state for the whole file, so ids never repeat). */
const createAgent = (limits: Record<string, unknown> = {}) => createAgentInNewTeam("agent", limits);

const statuses = (results: Array<{ response: Response }>) => {
  const counts: Record<number, number> = {};
  for (const { response } of results) counts[response.status] = (counts[response.status] ?? 0) + 1;
  return counts;
};

describe("agent identity on the gateway", () => {
  it("attributes traffic with the agent's key to the agent and its team", async () => {
    answerEveryCall();
    const { agentId, teamId, key } = await createAgent();
    const result = await chat(key);

    expect(result.response.status).toBe(200);
    expect(result.spendRecords).toHaveLength(1);
    expect(result.spendRecords[0]).toMatchObject({
      agentId,
      teamId,
      keyHash: await sha256Hex(key),
      modelGroup: "priced",
      status: 200,
    });
    expect(result.spendRecords[0]?.costUsd).toBeCloseTo(COST_PER_REQUEST, 12);
  });

  it("holds the agent's budget across its keys: 10 of 200 concurrent requests over two keys pass a budget for 10", async () => {
    const calls = answerEveryCall();
    const budget = COST_PER_REQUEST * 10.5;
    const { agentId, teamId, key: firstKey } = await createAgent({ max_budget: budget });
    // Two live keys of the agent: the rotated one, and one added by hand for the same agent.
    const rotated = await postAdmin(`/agents/${agentId}/keys/rotate`, {});
    const secondKey = rotated.body.key as string;
    const thirdKey = await createKey({ team_id: teamId, agent_id: agentId });
    expect((await chat(firstKey)).response.status).toBe(401);

    const keys = [secondKey, thirdKey];
    const results = await Promise.all(Array.from({ length: 200 }, (_, index) => chat(keys[index % 2] ?? "")));

    expect(statuses(results)).toEqual({ 200: 10, 429: 190 });
    expect(calls.requests).toHaveLength(10);
    const refused = results.find((result) => result.response.status === 429);
    expect(refused?.json()).toMatchObject({
      error: { type: "budget_exceeded", message: expect.stringContaining(`agent ${agentId}`) },
    });
    const passedPerKey = await Promise.all(
      keys.map(async (key) => {
        const hash = await sha256Hex(key);
        return results.filter((result) => result.response.status === 200 && result.spendRecords[0]?.keyHash === hash)
          .length;
      }),
    );
    expect(passedPerKey[0] ?? 0).toBeGreaterThan(0);
    expect(passedPerKey[1] ?? 0).toBeGreaterThan(0);
    const records = results.flatMap((result) => result.spendRecords);
    expect(records.every((record) => record.agentId === agentId)).toBe(true);
    const spent = records.reduce((sum, record) => sum + record.costUsd, 0);
    expect(spent).toBeCloseTo(COST_PER_REQUEST * 10, 12);

    const snapshot = await env.BUDGET_COUNTER.getByName(budgetScopeName({ kind: "agent", id: agentId })).snapshot({
      limits: { maxBudgetUsd: budget, budgetDuration: null, rpmLimit: null, tpmLimit: null, maxParallelRequests: null },
      now: Date.now(),
    });
    expect(snapshot.spentUsd).toBeCloseTo(COST_PER_REQUEST * 10, 9);
    expect(snapshot.reservedUsd).toBe(0);
  });

  it("applies a change to the agent's limits to keys the gateway has already cached", async () => {
    answerEveryCall();
    const { agentId, key } = await createAgent({ rpm_limit: 1 });
    expect((await chat(key)).response.status).toBe(200);
    const limited = await chat(key);
    expect(limited.response.status).toBe(429);
    expect(limited.json()).toMatchObject({ error: { type: "rate_limit_exceeded" } });
    expect(limited.response.headers.get("x-ratelimit-limit-requests")).toBe("1");

    expect(
      (await callAdmin(`/agents/${agentId}`, { method: "PATCH", body: JSON.stringify({ rpm_limit: 2 }) })).status,
    ).toBe(200);
    // CONFIG_REFRESH_MS is 0 in tests: this request is still served with the cached limits while it polls
    // key_changes in the background (in production: within CONFIG_REFRESH_MS); refusals use up nothing.
    expect((await chat(key)).response.status).toBe(429);
    const third = await chat(key);
    expect(third.response.status).toBe(200);
    expect(third.response.headers.get("x-ratelimit-limit-requests")).toBe("2");
    expect((await chat(key)).response.status).toBe(429);
  });

  it("stops every key of a deleted agent, including one pointed at it afterwards", async () => {
    answerEveryCall();
    const { agentId, teamId, key } = await createAgent();
    expect((await chat(key)).response.status).toBe(200);
    expect((await callAdmin(`/agents/${agentId}`, { method: "DELETE" })).status).toBe(200);

    // Served from the cache while it polls key_changes (CONFIG_REFRESH_MS is 0 in tests).
    await chat(key);
    const refused = await chat(key);
    expect(refused.response.status).toBe(401);
    expect(refused.json()).toMatchObject({ error: { message: "This key has been blocked." } });
    const lateKey = await createKey({ team_id: teamId, agent_id: agentId });
    expect((await chat(lateKey)).response.status).toBe(401);
  });
});
