import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { consumeSpendBatch } from "../../workers/gateway/spend/consume-spend-batch.ts";
import type { SpendQueueMessage } from "../../workers/gateway/spend/spend-queue-message.ts";
import { d1CrashingInBatch } from "./fault-bindings.ts";

const SCOPE = "team:redelivery";

/**
 * `count` spend messages of one run: every third without a session, the others spread over two
 * sessions, each session call with a tool call and a Responses id. Costs differ so a double-counted
 * row shows in the sums.
 */
function messagesOf(run: string, count: number): SpendQueueMessage[] {
  return Array.from({ length: count }, (_, index) => {
    const sessionId = index % 3 === 0 ? null : `sess-${run}-${index % 2}`;
    return {
      requestId: `${run}-req-${String(index).padStart(3, "0")}`,
      startedAt: 1_795_000_000_000 + index,
      apiFormat: "openai-chat",
      keyHash: "hash-redelivery",
      teamId: "redelivery",
      userId: null,
      agentId: null,
      sessionId,
      modelGroup: "gpt",
      provider: "openai",
      deployment: "gpt#0",
      upstreamModel: "gpt-4o",
      inputTokens: 100 + index,
      outputTokens: 20,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: (index + 1) / 1000,
      latencyMs: 12,
      timeToFirstTokenMs: null,
      status: index % 7 === 0 ? 502 : 200,
      errorKind: index % 7 === 0 ? "upstream_error" : null,
      stream: index % 2 === 0,
      cacheHit: false,
      ...(sessionId === null
        ? {}
        : {
            session: {
              scope: SCOPE,
              sessionId,
              responseId: `resp_${run}_${index}`,
              toolCalls: [{ id: `call_${run}_${index}`, name: "read_file", arguments: `{"path":"f${index}.ts"}` }],
            },
          }),
    };
  });
}

async function deliver(messages: SpendQueueMessage[], database: D1Database) {
  const batch = createMessageBatch(
    "switchyard-spend",
    messages.map((body, index) => ({ id: `m${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  await consumeSpendBatch(batch, { ...env, DB: database });
  return getQueueResult(batch, createExecutionContext());
}

async function numbers(sql: string, ...bindings: unknown[]) {
  const row = await env.DB.prepare(sql)
    .bind(...bindings)
    .first<Record<string, number>>();
  if (row === null) throw new Error(`no row for ${sql}`);
  return row;
}

/** What D1 holds for one run's messages, from every table the consumer writes. */
async function landed(run: string) {
  const like = `${run}-%`;
  return {
    spend: await numbers(
      "SELECT count(*) AS rows, count(DISTINCT request_id) AS ids, total(cost_usd) AS cost FROM spend_logs WHERE request_id LIKE ?",
      like,
    ),
    ledger: await numbers(
      "SELECT count(*) AS rows, total(cost_usd) AS cost FROM session_model_calls WHERE request_id LIKE ?",
      like,
    ),
    tools: await numbers(
      "SELECT count(*) AS rows FROM tool_call_index WHERE scope = ? AND session_id LIKE ?",
      SCOPE,
      `sess-${run}-%`,
    ),
    responses: await numbers(
      "SELECT count(*) AS rows FROM session_responses WHERE scope = ? AND session_id LIKE ?",
      SCOPE,
      `sess-${run}-%`,
    ),
    sessions: (
      await env.DB.prepare(
        "SELECT id, model_calls, tool_calls, cost_usd, status FROM sessions WHERE scope = ? AND id LIKE ? ORDER BY id",
      )
        .bind(SCOPE, `sess-${run}-%`)
        .all()
    ).results,
  };
}

/** What every table must hold for `messages`, each once. */
function expected(run: string, messages: SpendQueueMessage[]) {
  const inSessions = messages.filter((message) => message.session !== undefined);
  const total = (list: SpendQueueMessage[]) => list.reduce((sum, message) => sum + message.costUsd, 0);
  const sessionIds = [...new Set(inSessions.map((message) => message.sessionId))].sort();
  return {
    spend: { rows: messages.length, ids: messages.length, cost: total(messages) },
    ledger: { rows: inSessions.length, cost: total(inSessions) },
    tools: { rows: inSessions.length },
    responses: { rows: inSessions.length },
    sessions: sessionIds.map((id) => {
      const calls = inSessions.filter((message) => message.sessionId === id);
      return {
        id,
        model_calls: calls.length,
        tool_calls: calls.length,
        cost_usd: total(calls),
        status: calls.some((message) => message.status >= 400) ? "error" : "ok",
      };
    }),
    run,
  };
}

function expectLandedOnce(actual: Awaited<ReturnType<typeof landed>>, wanted: ReturnType<typeof expected>) {
  expect(actual.spend.rows).toBe(wanted.spend.rows);
  expect(actual.spend.ids).toBe(wanted.spend.ids);
  expect(actual.spend.cost).toBeCloseTo(wanted.spend.cost, 9);
  expect(actual.ledger.rows).toBe(wanted.ledger.rows);
  expect(actual.ledger.cost).toBeCloseTo(wanted.ledger.cost, 9);
  expect(actual.tools).toEqual(wanted.tools);
  expect(actual.responses).toEqual(wanted.responses);
  expect(actual.sessions).toHaveLength(wanted.sessions.length);
  wanted.sessions.forEach((session, index) => {
    const { cost_usd, ...rest } = session;
    expect(actual.sessions[index]).toMatchObject(rest);
    expect(actual.sessions[index]?.cost_usd).toBeCloseTo(cost_usd, 9);
  });
}

describe("spend queue consumer crashing mid-batch", () => {
  // 40 records: 10 spend-row statements, then the session index statements.
  it.each([
    { crash: "on the first statement", failAt: 0 },
    { crash: "after some spend rows, before the rest", failAt: 4 },
    { crash: "after the spend rows, inside the session index", failAt: 12 },
    { crash: "after the whole batch was written, before acknowledging", failAt: Number.POSITIVE_INFINITY },
  ])("$crash: the redelivered batch lands each record exactly once", async ({ failAt }) => {
    const run = `crash${Number.isFinite(failAt) ? failAt : "late"}-${crypto.randomUUID().slice(0, 8)}`;
    const messages = messagesOf(run, 40);
    const crashing = d1CrashingInBatch(env.DB, failAt);

    const crashed = await deliver(messages, crashing);
    expect(crashed.explicitAcks).toEqual([]);
    expect(crashed.retryMessages).toHaveLength(messages.length);
    if (Number.isFinite(failAt)) expect(crashing.statementsRun()).toBe(failAt);
    else expect(crashing.statementsRun()).toBeGreaterThan(12);

    // The Queue redelivers the whole batch, and at-least-once delivery may hand it over twice more.
    for (let delivery = 0; delivery < 2; delivery++) {
      const redelivered = await deliver(messages, env.DB);
      expect(redelivered.explicitAcks).toHaveLength(messages.length);
      expect(redelivered.retryMessages).toEqual([]);
    }
    expectLandedOnce(await landed(run), expected(run, messages));
  });

  it("lands records split over overlapping redelivered batches once each", async () => {
    const run = `overlap-${crypto.randomUUID().slice(0, 8)}`;
    const messages = messagesOf(run, 30);
    await deliver(messages.slice(0, 20), d1CrashingInBatch(env.DB, 3));
    await deliver(messages.slice(10, 30), env.DB);
    await deliver(messages.slice(0, 20), env.DB);
    await deliver(messages.slice(5, 25), env.DB);
    expectLandedOnce(await landed(run), expected(run, messages));
  });
});
