import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SpendRecord } from "../../workers/core/spend/spend-record.ts";

function call(requestId: string, startedAt: number, costUsd: number): SpendRecord {
  return {
    requestId,
    startedAt,
    apiFormat: "openai-chat",
    keyHash: null,
    teamId: null,
    userId: null,
    agentId: null,
    sessionId: "session-a",
    modelGroup: "gpt",
    provider: "openai",
    deployment: "gpt#0",
    upstreamModel: "gpt-4o",
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd,
    latencyMs: 3,
    timeToFirstTokenMs: 1,
    status: 200,
    errorKind: null,
    stream: true,
    cacheHit: false,
  };
}

describe("AgentSession", () => {
  it("records model calls in order, ignores a repeated request id, and survives eviction", async () => {
    const session = env.AGENT_SESSION.getByName("session-a");
    expect(await session.recordModelCall(call("r2", 2000, 0.2))).toEqual({ ok: true, duplicate: false });
    expect(await session.recordModelCall(call("r1", 1000, 0.1))).toEqual({ ok: true, duplicate: false });
    expect(await session.recordModelCall(call("r1", 1000, 0.1))).toEqual({ ok: true, duplicate: true });

    await evictDurableObject(session);

    const trace = await env.AGENT_SESSION.getByName("session-a").getTrace();
    expect(trace.sessionId).toBe("session-a");
    expect(trace.modelCalls.map((span) => span.requestId)).toEqual(["r1", "r2"]);
    expect(trace.totals).toEqual({ modelCalls: 2, inputTokens: 20, outputTokens: 10, costUsd: 0.30000000000000004 });
  });
});
