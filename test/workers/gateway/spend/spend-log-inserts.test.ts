import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { spendLogs } from "../../../../workers/core/db/schema.ts";
import type { SpendRecord } from "../../../../workers/core/spend/spend-record.ts";
import { spendLogInserts } from "../../../../workers/gateway/spend/spend-log-inserts.ts";

function record(requestId: string, overrides: Partial<SpendRecord> = {}): SpendRecord {
  return {
    requestId,
    startedAt: 1_795_000_000_000,
    apiFormat: "anthropic-messages",
    keyHash: "f".repeat(64),
    teamId: "team-1",
    userId: null,
    agentId: "agent-1",
    sessionId: "session-1",
    modelGroup: "claude",
    provider: "anthropic",
    deployment: "claude#0",
    upstreamModel: "claude-sonnet-4-5",
    inputTokens: 1200,
    outputTokens: 345,
    cacheReadTokens: 1000,
    cacheWriteTokens: 12,
    costUsd: 0.012345,
    latencyMs: 812.25,
    timeToFirstTokenMs: 201.5,
    status: 200,
    errorKind: null,
    stream: true,
    cacheHit: false,
    ...overrides,
  };
}

describe("spendLogInserts", () => {
  it("writes every field as drizzle reads it back, nulls and booleans included", async () => {
    const written = [
      record("inserts-full", { replayOf: "inserts-original" }),
      record("inserts-nulls", {
        keyHash: null,
        teamId: null,
        agentId: null,
        sessionId: null,
        provider: null,
        deployment: null,
        upstreamModel: null,
        timeToFirstTokenMs: null,
        status: 502,
        errorKind: "upstream_error",
        stream: false,
        cacheHit: true,
      }),
    ];
    await env.DB.batch(spendLogInserts(env.DB, written));
    const db = drizzle(env.DB);
    for (const expected of written) {
      const row = await db.select().from(spendLogs).where(eq(spendLogs.requestId, expected.requestId)).get();
      expect(row).toEqual({ replayOf: null, ...expected });
    }
  });

  it("splits rows so no statement binds more than D1's 100 parameters, and skips request ids already written", async () => {
    const records = Array.from({ length: 9 }, (_, index) => record(`inserts-many-${index}`));
    const statements = spendLogInserts(env.DB, records);
    expect(statements).toHaveLength(3);
    await env.DB.batch(statements);
    await env.DB.batch(spendLogInserts(env.DB, [record("inserts-many-0", { costUsd: 99 })]));
    const { results } = await env.DB.prepare(
      "SELECT count(*) AS count, max(cost_usd) AS maxCost FROM spend_logs WHERE request_id LIKE 'inserts-many-%'",
    ).all<{ count: number; maxCost: number }>();
    expect(results[0]).toEqual({ count: 9, maxCost: 0.012345 });
  });
});
