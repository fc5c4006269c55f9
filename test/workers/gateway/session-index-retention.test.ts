import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../workers/core/session/trace-policy.ts";
import gateway from "../../../workers/gateway/index.ts";
import { writeSpendRecords } from "../../../workers/gateway/spend/consume-spend-batch.ts";
import type { SpendQueueMessage } from "../../../workers/gateway/spend/spend-queue-message.ts";

const SCOPE = "team:index-retention";

beforeEach(async () => {
  await env.DB.batch(
    ["sessions", "session_model_calls", "tool_call_index", "session_responses", "spend_logs"].map((table) =>
      env.DB.prepare(`DELETE FROM ${table}`),
    ),
  );
});

/** One call of `sessionId`, `daysAgo` days back, with a tool call and a Responses id; no retention = none sent. */
function call(sessionId: string, requestId: string, daysAgo: number, retentionDays?: number): SpendQueueMessage {
  return {
    requestId,
    startedAt: Date.now() - daysAgo * DAY_MS,
    apiFormat: "openai-responses",
    keyHash: "key",
    teamId: "index-retention",
    userId: null,
    agentId: null,
    sessionId,
    modelGroup: "gpt",
    provider: "openai",
    deployment: "gpt#0",
    upstreamModel: "gpt-5",
    inputTokens: 10,
    outputTokens: 1,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0.01,
    latencyMs: 20,
    timeToFirstTokenMs: null,
    status: 200,
    errorKind: null,
    stream: false,
    cacheHit: false,
    session: {
      scope: SCOPE,
      sessionId,
      responseId: `resp_${requestId}`,
      toolCalls: [{ id: `tool_${requestId}`, name: "bash", arguments: null }],
      ...(retentionDays === undefined ? {} : { retentionDays }),
    },
  };
}

async function sessionIdsIn(table: string, column = "session_id") {
  const { results } = await env.DB.prepare(`SELECT DISTINCT ${column} AS id FROM ${table} ORDER BY 1`).all<{
    id: string;
  }>();
  return results.map((row) => row.id);
}

async function runCron(scheduledTime = Date.now()) {
  await gateway.scheduled(createScheduledController({ scheduledTime, cron: "17 3 * * *" }), env);
}

describe("session index retention", () => {
  it("prunes index rows of sessions idle past their retention on the cron, and keeps every spend log", async () => {
    const calls = [
      call("default-expired", "d1", 31),
      call("seven-expired", "s1", 12, 7),
      call("seven-expired", "s2", 8, 7),
      call("ninety-kept", "n1", 40, 90),
      call("recent-kept", "r1", 1),
      // The longest policy among a session's calls wins, in whatever order they were written.
      call("longest-wins", "l2", 10, 7),
      call("longest-wins", "l1", 12, 90),
    ];
    await writeSpendRecords(env.DB, calls);
    const retention = await env.DB.prepare("SELECT id, retention_days FROM sessions ORDER BY id").all();
    expect(retention.results).toEqual([
      { id: "default-expired", retention_days: null },
      { id: "longest-wins", retention_days: 90 },
      { id: "ninety-kept", retention_days: 90 },
      { id: "recent-kept", retention_days: null },
      { id: "seven-expired", retention_days: 7 },
    ]);

    await runCron();

    const kept = ["longest-wins", "ninety-kept", "recent-kept"];
    expect(await sessionIdsIn("sessions", "id")).toEqual(kept);
    expect(await sessionIdsIn("session_model_calls")).toEqual(kept);
    expect(await sessionIdsIn("tool_call_index")).toEqual(kept);
    expect(await sessionIdsIn("session_responses")).toEqual(kept);
    const spend = await env.DB.prepare("SELECT count(*) AS rows FROM spend_logs").first<{ rows: number }>();
    expect(spend?.rows).toBe(calls.length);

    // Idempotent: a second run (a retried cron) finds nothing more.
    await runCron();
    expect(await sessionIdsIn("sessions", "id")).toEqual(kept);
  });

  it("keeps a session whose last call is inside its retention, however old its first call", async () => {
    await writeSpendRecords(env.DB, [call("long-running", "old", 60, 7), call("long-running", "new", 6, 7)]);
    await runCron();
    expect(await sessionIdsIn("sessions", "id")).toEqual(["long-running"]);
    expect(await sessionIdsIn("tool_call_index")).toEqual(["long-running"]);
    // Eight days later the last call is past seven days of retention.
    await runCron(Date.now() + 2 * DAY_MS);
    expect(await sessionIdsIn("sessions", "id")).toEqual([]);
    expect(await sessionIdsIn("session_model_calls")).toEqual([]);
  });
});
