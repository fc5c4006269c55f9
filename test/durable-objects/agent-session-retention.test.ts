import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MIN_SWEEP_DELAY_MS } from "../../durable-objects/agent-session-retention.ts";
import type { SessionCallContent } from "../../workers/core/session/extract-session-call.ts";
import type { SessionCallEvent } from "../../workers/core/session/session-call-event.ts";
import { sessionObjectName } from "../../workers/core/session/session-scope.ts";
import { DAY_MS } from "../../workers/core/session/trace-policy.ts";

const SCOPE = "team:retention";

/** A call that carries one tool call (and its result) back, recorded with the given retention. */
function event(sessionId: string, requestId: string, startedAt: number, retentionDays: number): SessionCallEvent {
  const content: SessionCallContent = {
    system: null,
    newMessages: null,
    messageCount: 3,
    startsTurn: false,
    parameters: {
      temperature: null,
      topP: null,
      maxOutputTokens: null,
      reasoningEffort: null,
      toolCount: 1,
      stream: false,
    },
    toolCalls: [{ id: `tool-${requestId}`, name: "bash", arguments: '{"cmd":"ls"}', messageIndex: 1 }],
    toolResults: [{ toolCallId: `tool-${requestId}`, toolName: "bash", result: "a.txt", isError: false }],
  };
  return {
    scope: SCOPE,
    sessionId,
    tracePolicy: "metadata",
    retentionDays,
    content,
    record: {
      requestId,
      startedAt,
      apiFormat: "openai-chat",
      keyHash: "key",
      teamId: "retention",
      userId: null,
      agentId: null,
      sessionId,
      modelGroup: "gpt",
      provider: "openai",
      deployment: "gpt#0",
      upstreamModel: "gpt-4.1",
      inputTokens: 10,
      outputTokens: 2,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.001,
      latencyMs: 30,
      timeToFirstTokenMs: null,
      status: 200,
      errorKind: null,
      stream: false,
      cacheHit: false,
    },
  };
}

function session() {
  const sessionId = `retention-${crypto.randomUUID()}`;
  return { sessionId, stub: env.AGENT_SESSION.getByName(sessionObjectName(SCOPE, sessionId)) };
}

type Stub = ReturnType<typeof session>["stub"];

const alarmOf = (stub: Stub) => runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());

/** Rows per table and request, to see that a call's tool rows go with it. */
const rowsOf = (stub: Stub) =>
  runInDurableObject(stub, (_instance, state) =>
    ["model_calls", "tool_calls", "tool_results"].map((table) =>
      state.storage.sql
        .exec<{ request_id: string }>(`SELECT request_id FROM ${table} ORDER BY request_id`)
        .toArray()
        .map((row) => row.request_id),
    ),
  );

describe("AgentSession retention", () => {
  it("keeps its one alarm at the earliest expiry, whatever order calls arrive in", async () => {
    const { sessionId, stub } = session();
    const now = Date.now();
    await stub.recordCall(event(sessionId, "month", now, 30));
    expect(await alarmOf(stub)).toBe(now + 30 * DAY_MS);
    await stub.recordCall(event(sessionId, "two-days", now, 2));
    expect(await alarmOf(stub)).toBe(now + 2 * DAY_MS);
    await stub.recordCall(event(sessionId, "year", now, 365));
    expect(await alarmOf(stub)).toBe(now + 2 * DAY_MS);
    // A retried write changes nothing, the alarm included.
    expect(await stub.recordCall(event(sessionId, "two-days", now, 1))).toEqual({ ok: true, duplicate: true });
    expect(await alarmOf(stub)).toBe(now + 2 * DAY_MS);
  });

  it("sweeps expired calls with their tool calls and results, then re-arms for the next expiry", async () => {
    const { sessionId, stub } = session();
    const now = Date.now();
    await stub.recordCall(event(sessionId, "old", now - 10 * DAY_MS, 7));
    await stub.recordCall(event(sessionId, "recent", now - DAY_MS, 7));
    // Already due: swept shortly, not at once.
    const armed = (await alarmOf(stub)) ?? 0;
    expect(armed).toBeGreaterThan(now);
    expect(armed).toBeLessThanOrEqual(Date.now() + MIN_SWEEP_DELAY_MS);

    expect(await runDurableObjectAlarm(stub)).toBe(true);

    expect(await rowsOf(stub)).toEqual([["recent"], ["recent"], ["recent"]]);
    const trace = await stub.getTrace();
    expect(trace.turns.flatMap((turn) => turn.modelCalls.map((call) => call.requestId))).toEqual(["recent"]);
    expect(trace.totals).toMatchObject({ modelCalls: 1, toolCalls: 1 });
    expect(await alarmOf(stub)).toBe(now - DAY_MS + 7 * DAY_MS);
  });

  it("deletes all its storage once nothing is left, and records again afterwards", async () => {
    const { sessionId, stub } = session();
    const now = Date.now();
    await stub.recordCall(event(sessionId, "a", now - 40 * DAY_MS, 30));
    await stub.recordCall(event(sessionId, "b", now - 3 * DAY_MS, 1));

    expect(await runDurableObjectAlarm(stub)).toBe(true);

    const left = await runInDurableObject(stub, (_instance, state) => ({
      tables: state.storage.sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
        )
        .toArray(),
      alarm: state.storage.getAlarm(),
    }));
    expect(left.tables).toEqual([]);
    expect(await left.alarm).toBeNull();
    // Nothing left to sweep: a second run finds no alarm.
    expect(await runDurableObjectAlarm(stub)).toBe(false);

    await stub.recordCall(event(sessionId, "c", now, 30));
    const trace = await stub.getTrace();
    expect(trace).toMatchObject({ sessionId, scope: SCOPE, totals: { modelCalls: 1, toolCalls: 1 } });
    expect(trace.turns[0]?.modelCalls[0]?.sequence).toBe(1);
    expect(await alarmOf(stub)).toBe(now + 30 * DAY_MS);
  });
});
