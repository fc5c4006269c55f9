import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { SpendRecord } from "../../../workers/core/spend/spend-record.ts";
import { consumeSpendBatch } from "../../../workers/gateway/spend/consume-spend-batch.ts";

function record(requestId: string, costUsd = 0.01): SpendRecord {
  return {
    requestId,
    startedAt: 1_795_000_000_000,
    apiFormat: "openai-chat",
    keyHash: "abc",
    teamId: null,
    userId: null,
    agentId: null,
    sessionId: null,
    modelGroup: "gpt",
    provider: "openai",
    deployment: "gpt#0",
    upstreamModel: "gpt-4o",
    inputTokens: 100,
    outputTokens: 20,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd,
    latencyMs: 12.5,
    timeToFirstTokenMs: null,
    status: 200,
    errorKind: null,
    stream: false,
    cacheHit: false,
  };
}

function batchOf(bodies: unknown[]) {
  return createMessageBatch(
    "switchyard-spend",
    bodies.map((body, index) => ({ id: `m${index}`, timestamp: new Date(), attempts: 1, body })),
  );
}

async function consume(bodies: unknown[], environment: Env = env) {
  const batch = batchOf(bodies);
  const ctx = createExecutionContext();
  await consumeSpendBatch(batch, environment);
  return getQueueResult(batch, ctx);
}

async function spendRows() {
  const { results } = await env.DB.prepare("SELECT request_id, cost_usd FROM spend_logs ORDER BY request_id").all();
  return results;
}

describe("spend queue consumer", () => {
  beforeEach(async () => {
    await env.DB.prepare("DELETE FROM spend_logs").run();
  });

  it("writes a batch larger than one statement's parameter limit", async () => {
    const records = Array.from({ length: 23 }, (_, index) => record(`r-${String(index).padStart(2, "0")}`));
    const result = await consume(records);
    expect(result.explicitAcks.sort()).toEqual(records.map((_, index) => `m${index}`).sort());
    expect(await spendRows()).toHaveLength(23);
  });

  it("records a redelivered request once", async () => {
    await consume([record("dup-1", 0.5)]);
    await consume([record("dup-1", 0.5), record("dup-2", 0.25)]);
    expect(await spendRows()).toEqual([
      { request_id: "dup-1", cost_usd: 0.5 },
      { request_id: "dup-2", cost_usd: 0.25 },
    ]);
  });

  it("retries the batch when D1 fails, then records it once when D1 is back", async () => {
    const failingDb = {
      prepare: () => {
        throw new Error("D1_ERROR: database unavailable");
      },
      batch: async () => {
        throw new Error("D1_ERROR: database unavailable");
      },
    } as unknown as D1Database;
    const failed = await consume([record("retry-1")], { ...env, DB: failingDb });
    expect(failed.explicitAcks).toEqual([]);
    expect(failed.retryMessages.map((message) => message.msgId)).toEqual(["m0"]);
    expect(await spendRows()).toEqual([]);

    const redelivered = await consume([record("retry-1")]);
    expect(redelivered.explicitAcks).toEqual(["m0"]);
    expect(await spendRows()).toEqual([{ request_id: "retry-1", cost_usd: 0.01 }]);
  });

  it("parks malformed records in the dead-letter queue instead of dropping them", async () => {
    const parked: unknown[] = [];
    const dlq = { send: async (body: unknown) => void parked.push(body) } as unknown as Queue;
    const result = await consume([{ requestId: "" }, record("good-1")], { ...env, SPEND_DLQ: dlq });
    expect(parked).toEqual([{ requestId: "" }]);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect(await spendRows()).toEqual([{ request_id: "good-1", cost_usd: 0.01 }]);
  });
});
