import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../../workers/core/auth/hash-key.ts";
import { computeBudgetWindow } from "../../../workers/core/budget/budget-window.ts";
import { agents } from "../../../workers/core/db/schema.ts";
import type { SpendRecord } from "../../../workers/core/spend/spend-record.ts";
import { writeSpendRecords } from "../../../workers/gateway/spend/consume-spend-batch.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { adminCall, signIn } from "./admin-session-client.ts";

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Monday 2026-01-05 00:00 UTC: the seeded overview's first hour. */
const T0 = Date.UTC(2026, 0, 5);

beforeEach(async () => {
  await activateConfig(`
model_list:
  - { model_name: alpha, litellm_params: { model: mock/alpha } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
  await env.DB.batch(
    ["spend_logs", "virtual_keys", "users", "agent_versions", "agents", "teams"].map((table) =>
      env.DB.prepare(`DELETE FROM ${table}`),
    ),
  );
});

let requestCounter = 0;
/** A spend row as the queue consumer writes it; costs are binary fractions so sums are exact. */
function spendRow(fields: Partial<SpendRecord> & Pick<SpendRecord, "startedAt">): SpendRecord {
  requestCounter += 1;
  return {
    requestId: `req-${requestCounter}-${crypto.randomUUID()}`,
    apiFormat: "openai-chat",
    keyHash: null,
    teamId: null,
    userId: null,
    agentId: null,
    sessionId: null,
    modelGroup: "alpha",
    provider: "openai",
    deployment: null,
    upstreamModel: null,
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0,
    latencyMs: 100,
    timeToFirstTokenMs: null,
    status: 200,
    errorKind: null,
    stream: false,
    cacheHit: false,
    ...fields,
  };
}

async function newKey(body: Record<string, unknown>): Promise<{ key: string; hash: string }> {
  const created = await postAdmin("/key/generate", body);
  if (created.status !== 200) throw new Error(`key/generate failed: ${JSON.stringify(created.body)}`);
  const key = String(created.body.key);
  return { key, hash: await sha256Hex(key) };
}

async function insertAgent(id: string, name: string, teamId: string, budget: Partial<typeof agents.$inferInsert> = {}) {
  await drizzle(env.DB)
    .insert(agents)
    .values({
      id,
      name,
      teamId,
      harness: "claude-code",
      defaultModel: "alpha",
      allowedTools: [],
      allowedMcpServers: [],
      env: {},
      tags: [],
      currentVersion: 1,
      ...budget,
    });
}

/**
 * Four hours from T0 by the hour: 20 successes with latencies 10…200 ms and one refusal in the
 * first; a success and a stream that broke after its 200 in the second; nothing in the third; a
 * success and a 500 in the fourth. Plus a row on each side of the range that must not count.
 */
async function seedOverview() {
  expect((await postAdmin("/team/new", { team_id: "red", team_alias: "Red team" })).status).toBe(200);
  expect((await postAdmin("/team/new", { team_id: "blue" })).status).toBe(200);
  const k1 = await newKey({ team_id: "red", key_alias: "k-one" });
  const k2 = await newKey({ team_id: "blue", key_alias: "k-two" });
  const k3 = await newKey({ team_id: "red" });
  const master = await sha256Hex(TEST_MASTER_KEY);
  await insertAgent("agent-one", "Reviewer", "red");
  const red = { teamId: "red", keyHash: k1.hash, agentId: "agent-one", modelGroup: "alpha", provider: "openai" };
  const rows = [
    ...Array.from({ length: 20 }, (_, index) =>
      spendRow({ ...red, startedAt: T0 + (20 - index) * MINUTE, latencyMs: 10 * (20 - index), costUsd: 0.0625 }),
    ),
    spendRow({
      startedAt: T0 + 45 * MINUTE,
      teamId: "blue",
      keyHash: k2.hash,
      modelGroup: "beta",
      provider: null,
      status: 429,
      errorKind: "budget_exceeded",
      latencyMs: 1,
    }),
    spendRow({
      startedAt: T0 + HOUR + 5 * MINUTE,
      teamId: "blue",
      keyHash: k2.hash,
      modelGroup: "beta",
      provider: "anthropic",
      costUsd: 1.5,
      latencyMs: 400,
    }),
    spendRow({
      startedAt: T0 + HOUR + 30 * MINUTE,
      keyHash: master,
      modelGroup: "beta",
      provider: "anthropic",
      costUsd: 2,
      latencyMs: 900,
      errorKind: "upstream_error",
    }),
    spendRow({
      startedAt: T0 + 3 * HOUR,
      teamId: "red",
      keyHash: k3.hash,
      agentId: "agent-two",
      modelGroup: "gamma",
      costUsd: 0.5,
      latencyMs: 700,
    }),
    spendRow({
      startedAt: T0 + 3 * HOUR + 59 * MINUTE,
      teamId: "red",
      keyHash: k3.hash,
      agentId: "agent-two",
      modelGroup: "gamma",
      costUsd: 0.25,
      latencyMs: 30,
      status: 500,
      errorKind: "upstream_error",
    }),
    spendRow({ startedAt: T0 - 1, ...red, costUsd: 100 }),
    spendRow({ startedAt: T0 + 4 * HOUR, ...red, costUsd: 100 }),
  ];
  await writeSpendRecords(env.DB, rows);
  return { k1, k2, k3, master };
}

const overviewOf = (query: string, call: Parameters<typeof adminCall>[1] = { key: TEST_MASTER_KEY }) =>
  adminCall(`/analytics/overview?${query}`, call);

describe("GET /analytics/overview", () => {
  it("buckets, sums, percentiles and breakdowns equal the seeded spend rows", async () => {
    const { k1, k2, k3, master } = await seedOverview();
    const answer = await overviewOf(`from=${T0}&to=${T0 + 4 * HOUR}&bucket=hour`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      from: T0,
      to: T0 + 4 * HOUR,
      bucket: "hour",
      series: [
        { t: T0, spend_usd: 1.25, requests: 21, errors: 1, p50_ms: 100, p95_ms: 190 },
        { t: T0 + HOUR, spend_usd: 3.5, requests: 2, errors: 1, p50_ms: 400, p95_ms: 400 },
        { t: T0 + 2 * HOUR, spend_usd: 0, requests: 0, errors: 0, p50_ms: null, p95_ms: null },
        { t: T0 + 3 * HOUR, spend_usd: 0.75, requests: 2, errors: 1, p50_ms: 700, p95_ms: 700 },
      ],
      // Successes: 10…200 (20 of them), 400 and 700 ms; nearest rank 11 of 22 and 21 of 22.
      totals: { spend_usd: 5.5, requests: 25, errors: 3, error_rate: 0.12, p50_ms: 110, p95_ms: 400 },
      by_model: [
        { model: "beta", spend_usd: 3.5, requests: 3 },
        { model: "alpha", spend_usd: 1.25, requests: 20 },
        { model: "gamma", spend_usd: 0.75, requests: 2 },
      ],
      by_provider: [
        { provider: "anthropic", spend_usd: 3.5, requests: 2 },
        { provider: "openai", spend_usd: 2, requests: 22 },
        { provider: null, spend_usd: 0, requests: 1 },
      ],
      by_team: [
        { team_id: "red", team_alias: "Red team", spend_usd: 2, requests: 22 },
        { team_id: null, team_alias: null, spend_usd: 2, requests: 1 },
        { team_id: "blue", team_alias: null, spend_usd: 1.5, requests: 2 },
      ],
      by_agent: [
        { agent_id: "agent-one", name: "Reviewer", spend_usd: 1.25, requests: 20 },
        { agent_id: "agent-two", name: null, spend_usd: 0.75, requests: 2 },
      ],
      top_keys: [
        { token: master, key_alias: null, spend_usd: 2, requests: 1 },
        { token: k2.hash, key_alias: "k-two", spend_usd: 1.5, requests: 2 },
        { token: k1.hash, key_alias: "k-one", spend_usd: 1.25, requests: 20 },
        { token: k3.hash, key_alias: null, spend_usd: 0.75, requests: 2 },
      ],
      budgets_near_limit: [],
    });
    // /key/list names keys by the same token.
    const listed = await callAdmin("/key/list");
    expect(listed.body.keys).toEqual(expect.arrayContaining([k1.hash, k2.hash, k3.hash]));
  });

  it("defaults to the last 7 days by day, zero-filled, and filters by team_id", async () => {
    await seedOverview();
    const before = Date.now();
    const answer = await overviewOf("");
    expect(answer.status).toBe(200);
    expect(answer.body.bucket).toBe("day");
    expect(Number(answer.body.to) - Number(answer.body.from)).toBe(7 * 24 * HOUR);
    expect(answer.body.to).toBeGreaterThanOrEqual(before);
    const series = answer.body.series as Array<{ t: number; requests: number }>;
    expect(series).toHaveLength(8); // 7 days that do not start at midnight touch 8 UTC days
    const first = series[0]?.t ?? Number.NaN;
    expect(series.every((point, index) => point.t === first + index * 24 * HOUR)).toBe(true);
    expect(series.every((point) => point.requests === 0)).toBe(true);

    const red = await overviewOf(`from=${T0}&to=${T0 + 4 * HOUR}&bucket=day&team_id=red`);
    // Red's successes: 10…200 ms and 700 ms; nearest rank 11 and 20 of 21.
    expect(red.body.series).toEqual([{ t: T0, spend_usd: 2, requests: 22, errors: 1, p50_ms: 110, p95_ms: 200 }]);
    expect(red.body.by_team).toEqual([{ team_id: "red", team_alias: "Red team", spend_usd: 2, requests: 22 }]);
  });

  it("shows a team_admin only its own team, whatever team_id it asks for; viewers see everything", async () => {
    await seedOverview();
    const redAdmin = await newKey({ role: "team_admin", team_id: "red" });
    const viewer = await newKey({ role: "viewer" });
    const range = `from=${T0}&to=${T0 + 4 * HOUR}&bucket=hour`;

    const cookie = await signIn(redAdmin.key);
    for (const query of [range, `${range}&team_id=blue`]) {
      const answer = await overviewOf(query, { cookie });
      expect(answer.status).toBe(200);
      expect(answer.body.totals).toEqual({
        spend_usd: 2,
        requests: 22,
        errors: 1,
        error_rate: 1 / 22,
        p50_ms: 110,
        p95_ms: 200,
      });
      expect((answer.body.by_team as Array<{ team_id: string }>).map((row) => row.team_id)).toEqual(["red"]);
      expect((answer.body.top_keys as unknown[]).length).toBe(2);
    }
    const all = await overviewOf(range, { key: viewer.key });
    expect(all.status).toBe(200);
    expect((all.body.totals as { requests: number }).requests).toBe(25);
  });

  it("rejects a bad query with 400 naming the parameter", async () => {
    const cases: Array<[string, string]> = [
      ["bucket=week", "bucket"],
      ["from=yesterday", "from"],
      ["from=-5", "from"],
      [`from=${T0}&to=${T0}`, "from"],
      [`from=${T0 + HOUR}&to=${T0}`, "from"],
      [`from=${T0}&to=${T0 + 90 * 24 * HOUR}&bucket=hour`, "from"],
      ["team=red", ""],
    ];
    for (const [query, param] of cases) {
      const answer = await overviewOf(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body, query).toMatchObject({ error: { type: "invalid_request_error" } });
      if (param !== "") expect(answer.body, query).toMatchObject({ error: { param } });
    }
    expect((await adminCall("/analytics/overview")).status).toBe(401);
  });
});

describe("budgets_near_limit", () => {
  it("lists key, team, user and agent budgets at 80% or more of their current window, most used first", async () => {
    const now = Date.now();
    const dayWindow = computeBudgetWindow("1d", "UTC", now);
    const monthWindow = computeBudgetWindow("monthly", "UTC", now);
    const newYorkWeek = computeBudgetWindow("7d", "America/New_York", now);
    const inDay = dayWindow.start + 1;

    expect(
      (
        await postAdmin("/team/new", {
          team_id: "budget-team",
          team_alias: "Budgeted",
          max_budget: 40,
          budget_duration: "monthly",
        })
      ).status,
    ).toBe(200);
    expect((await postAdmin("/team/new", { team_id: "quiet" })).status).toBe(200);
    const daily = await newKey({ team_id: "budget-team", key_alias: "daily", max_budget: 10, budget_duration: "1d" });
    const lifetime = await newKey({ key_alias: "lifetime", max_budget: 10 });
    const underUsed = await newKey({ key_alias: "under", max_budget: 10, budget_duration: "1d" });
    const blocked = await newKey({ key_alias: "blocked", max_budget: 1, budget_duration: "1d", blocked: true });
    const user = await postAdmin("/user/new", {
      user_id: "u-budget",
      user_email: "dev@example.com",
      max_budget: 4,
      budget_duration: "1d",
      auto_create_key: false,
    });
    expect(user.status).toBe(200);
    await insertAgent("agent-budget", "Nightly", "quiet", {
      maxBudgetUsd: 2,
      budgetDuration: "7d",
      budgetTimezone: "America/New_York",
    });

    await writeSpendRecords(env.DB, [
      // daily key, in budget-team: 8.5 of 10 today; yesterday's 5 does not count.
      spendRow({ startedAt: inDay, keyHash: daily.hash, teamId: "budget-team", costUsd: 8.5 }),
      spendRow({ startedAt: dayWindow.start - 1, keyHash: daily.hash, teamId: "budget-team", costUsd: 5 }),
      // budget-team: 23.5 more this month, so 8.5 + 23.5 = 32 of 40 (the day before is in the month unless it is the 1st).
      spendRow({
        startedAt: monthWindow.start,
        teamId: "budget-team",
        costUsd: 23.5 - (dayWindow.start - 1 >= monthWindow.start ? 5 : 0),
      }),
      // lifetime key: 5 long ago + 4 now = 9 of 10.
      spendRow({ startedAt: T0, keyHash: lifetime.hash, costUsd: 5 }),
      spendRow({ startedAt: inDay, keyHash: lifetime.hash, costUsd: 4 }),
      // under-used key: 7.5 of 10 today, 5 yesterday.
      spendRow({ startedAt: inDay, keyHash: underUsed.hash, costUsd: 7.5 }),
      spendRow({ startedAt: dayWindow.start - 1, keyHash: underUsed.hash, costUsd: 5 }),
      spendRow({ startedAt: inDay, keyHash: blocked.hash, costUsd: 5 }),
      // user: 3.5 of 4 today. Agent: 1.75 of 2 this New York week.
      spendRow({ startedAt: inDay, userId: "u-budget", costUsd: 3.5 }),
      spendRow({ startedAt: newYorkWeek.start, agentId: "agent-budget", teamId: "quiet", costUsd: 1.75 }),
      spendRow({ startedAt: newYorkWeek.start - 1, agentId: "agent-budget", teamId: "quiet", costUsd: 1 }),
    ]);

    const answer = await overviewOf("");
    expect(answer.status).toBe(200);
    expect(answer.body.budgets_near_limit).toEqual([
      { scope: "key", id: lifetime.hash, name: "lifetime", spend_usd: 9, max_budget_usd: 10, fraction: 0.9 },
      { scope: "user", id: "u-budget", name: "dev@example.com", spend_usd: 3.5, max_budget_usd: 4, fraction: 0.875 },
      { scope: "agent", id: "agent-budget", name: "Nightly", spend_usd: 1.75, max_budget_usd: 2, fraction: 0.875 },
      { scope: "key", id: daily.hash, name: "daily", spend_usd: 8.5, max_budget_usd: 10, fraction: 0.85 },
      { scope: "team", id: "budget-team", name: "Budgeted", spend_usd: 32, max_budget_usd: 40, fraction: 0.8 },
    ]);

    const teamAdmin = await newKey({ role: "team_admin", team_id: "budget-team" });
    const scoped = await overviewOf("", { key: teamAdmin.key });
    expect(
      (scoped.body.budgets_near_limit as Array<{ scope: string; id: string }>).map((row) => [row.scope, row.id]),
    ).toEqual([
      ["key", daily.hash],
      ["team", "budget-team"],
    ]);
  });
});
