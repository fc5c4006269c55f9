import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AGENT_SESSION_SCHEMA_VERSION } from "../../durable-objects/agent-session-schema.ts";
import type { IrMessage, IrRequest } from "../../workers/core/ir/request.ts";
import { extractSessionCall } from "../../workers/core/session/extract-session-call.ts";
import type { SessionCallEvent } from "../../workers/core/session/session-call-event.ts";
import { sessionObjectName } from "../../workers/core/session/session-scope.ts";
import type { TraceBodyPolicy } from "../../workers/core/session/trace-body-policy.ts";
import type { SpendRecord } from "../../workers/core/spend/spend-record.ts";

const SCOPE = "team:acme";

function spend(requestId: string, startedAt: number, costUsd: number, sessionId: string): SpendRecord {
  return {
    requestId,
    startedAt,
    apiFormat: "anthropic-messages",
    keyHash: "key-hash",
    teamId: "acme",
    userId: null,
    agentId: "agent-7",
    sessionId,
    modelGroup: "gpt",
    provider: "openai",
    deployment: "gpt#0",
    upstreamModel: "gpt-4.1",
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 2,
    cacheWriteTokens: 0,
    costUsd,
    latencyMs: 40,
    timeToFirstTokenMs: 12,
    status: 200,
    errorKind: null,
    stream: true,
    cacheHit: false,
  };
}

function request(messages: IrMessage[]): IrRequest {
  return {
    model: "gpt",
    system: [{ type: "text", text: "You are terse." }],
    messages,
    tools: [{ type: "function", name: "get_weather", inputSchema: { type: "object" } }],
    temperature: 0.2,
    maxOutputTokens: 256,
    stream: true,
    unmapped: [],
  };
}

const user = (text: string): IrMessage => ({ role: "user", content: [{ type: "text", text }] });
const toolUse = (id: string, args: string): IrMessage => ({
  role: "assistant",
  content: [{ type: "tool-call", id, name: "get_weather", arguments: args }],
});
const toolResult = (id: string, text: string, isError = false): IrMessage => ({
  role: "tool",
  content: [{ type: "tool-result", toolCallId: id, content: [{ type: "text", text }], isError }],
});
const answer = (text: string): IrMessage => ({ role: "assistant", content: [{ type: "text", text }] });

/** The three calls of a two-turn conversation: ask → tool call; result → answer; new question. */
function conversation(sessionId: string, policy: TraceBodyPolicy = "metadata"): SessionCallEvent[] {
  const first = [user("Weather in Paris?")];
  const second = [...first, toolUse("call_1", '{"city":"Paris"}'), toolResult("call_1", "18°C, cloudy")];
  const third = [...second, answer("18°C and cloudy."), user("And Berlin?")];
  return [first, second, third].map((messages, index) => ({
    scope: SCOPE,
    sessionId,
    tracePolicy: policy,
    record: spend(`r${index + 1}`, 1_000 * (index + 1), [0.1, 0.2, 0.3][index] ?? 0, sessionId),
    content: extractSessionCall(request(messages), policy),
  }));
}

function freshSession(sessionId = crypto.randomUUID()) {
  return { sessionId, stub: env.AGENT_SESSION.getByName(sessionObjectName(SCOPE, sessionId)) };
}

describe("AgentSession", () => {
  it("builds the trace tree: turns at each user message, tool calls under the call that made them, with results", async () => {
    const { sessionId, stub } = freshSession();
    for (const event of conversation(sessionId)) await stub.recordCall(event);
    const trace = await stub.getTrace();
    expect(trace).toMatchObject({ sessionId, scope: SCOPE, agentId: "agent-7", tracePolicy: "metadata" });
    expect(trace.turns.map((turn) => [turn.turnId, turn.modelCalls.map((call) => call.requestId)])).toEqual([
      ["r1", ["r1", "r2"]],
      ["r3", ["r3"]],
    ]);
    const [firstCall, secondCall] = trace.turns[0]?.modelCalls ?? [];
    expect(firstCall?.toolCalls).toEqual([
      {
        toolCallId: "call_1",
        name: "get_weather",
        arguments: '{"city":"Paris"}',
        result: "18°C, cloudy",
        isError: false,
        observedInRequestId: "r2",
        observedAt: 2_000,
        resultRequestId: "r2",
      },
    ]);
    expect(secondCall?.toolCalls).toEqual([]);
    expect(firstCall).toMatchObject({
      sequence: 1,
      parameters: { temperature: 0.2, maxOutputTokens: 256, toolCount: 1, stream: true, topP: null },
      usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 2, cacheWriteTokens: 0 },
      costUsd: 0.1,
      latencyMs: 40,
      timeToFirstTokenMs: 12,
      provider: "openai",
      deployment: "gpt#0",
      messages: null,
    });
    expect(trace.turns.map((turn) => turn.costUsd)).toEqual([0.1 + 0.2, 0.3]);
    expect(trace.totals).toEqual({
      turns: 2,
      modelCalls: 3,
      toolCalls: 1,
      inputTokens: 30,
      outputTokens: 15,
      costUsd: 0.1 + 0.2 + 0.3,
    });
  });

  it("ignores a retried write, orders calls by arrival whatever the recording order, and survives eviction", async () => {
    const { sessionId, stub } = freshSession();
    const [first, second, third] = conversation(sessionId);
    if (first === undefined || second === undefined || third === undefined) throw new Error("fixture");
    expect(await stub.recordCall(third)).toEqual({ ok: true, duplicate: false });
    expect(await stub.recordCall(second)).toEqual({ ok: true, duplicate: false });
    expect(await stub.recordCall(first)).toEqual({ ok: true, duplicate: false });
    expect(await stub.recordCall(second)).toEqual({ ok: true, duplicate: true });
    const before = await stub.getTrace();

    await evictDurableObject(stub);

    const after = await env.AGENT_SESSION.getByName(sessionObjectName(SCOPE, sessionId)).getTrace();
    expect(after).toEqual(before);
    expect(after.turns.flatMap((turn) => turn.modelCalls.map((call) => [call.requestId, call.sequence]))).toEqual([
      ["r1", 1],
      ["r2", 2],
      ["r3", 3],
    ]);
    expect(after.totals).toMatchObject({ modelCalls: 3, toolCalls: 1 });
    expect(after.turns[0]?.modelCalls[0]?.toolCalls.map((tool) => tool.toolCallId)).toEqual(["call_1"]);
  });

  it("places a tool call under the call whose request led up to it, not a side call in between", async () => {
    const { sessionId, stub } = freshSession();
    const [first, second] = conversation(sessionId);
    if (first === undefined || second === undefined) throw new Error("fixture");
    const titleCall: SessionCallEvent = {
      ...first,
      record: spend("title", 1_500, 0.01, sessionId),
      content: extractSessionCall(request([user("Summarize in 3 words: weather"), user("more")]), "metadata"),
    };
    for (const event of [first, titleCall, second]) await stub.recordCall(event);
    const calls = (await stub.getTrace()).turns.flatMap((turn) => turn.modelCalls);
    expect(calls.map((call) => [call.requestId, call.toolCalls.map((tool) => tool.toolCallId)])).toEqual([
      ["r1", ["call_1"]],
      ["title", []],
      ["r2", []],
    ]);
  });

  it("keeps no arguments or results under `none`, and only the new messages under `full`, redacted", async () => {
    const none = freshSession();
    for (const event of conversation(none.sessionId, "none")) await none.stub.recordCall(event);
    const noneTrace = await none.stub.getTrace();
    expect(noneTrace.turns[0]?.modelCalls[0]?.toolCalls[0]).toMatchObject({
      name: "get_weather",
      arguments: null,
      result: null,
      isError: false,
    });
    expect(noneTrace.turns.flatMap((turn) => turn.modelCalls.map((call) => call.messages))).toEqual([null, null, null]);

    const full = freshSession();
    const secret = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789";
    const events = conversation(full.sessionId, "full");
    const leaky: SessionCallEvent[] = events.map((event, index) =>
      index !== 1
        ? event
        : {
            ...event,
            content: extractSessionCall(
              request([
                user("Weather in Paris?"),
                toolUse("call_1", `{"city":"Paris","token":"${secret}"}`),
                toolResult("call_1", `key=${secret}`, true),
              ]),
              "full",
            ),
          },
    );
    for (const event of leaky) await full.stub.recordCall(event);
    const fullTrace = await full.stub.getTrace();
    expect(JSON.stringify(fullTrace)).not.toContain(secret);
    const calls = fullTrace.turns.flatMap((turn) => turn.modelCalls);
    expect(calls[0]?.messages).toEqual([
      { role: "system", content: [{ type: "text", text: "You are terse." }] },
      { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
    ]);
    expect(calls[1]?.messages).toEqual([
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "call_1", name: "get_weather" }] },
      { role: "tool", content: [{ type: "tool-result", toolCallId: "call_1" }] },
    ]);
    expect(calls[2]?.messages).toEqual([
      { role: "assistant", content: [{ type: "text", text: "18°C and cloudy." }] },
      { role: "user", content: [{ type: "text", text: "And Berlin?" }] },
    ]);
    expect(calls[0]?.toolCalls[0]).toMatchObject({
      arguments: '{"city":"Paris","token":"[REDACTED:anthropic_api_key]"}',
      result: "key=[REDACTED:anthropic_api_key]",
      isError: true,
    });
  });

  it("migrates a schema v1 object: its model calls stay readable beside new ones", async () => {
    const { sessionId, stub } = freshSession();
    await runInDurableObject(stub, (_instance, state) => {
      const sql = state.storage.sql;
      for (const table of [
        "model_calls",
        "tool_calls",
        "tool_results",
        "session_info",
        "tool_sets",
        "schema_version",
      ]) {
        sql.exec(`DROP TABLE IF EXISTS ${table}`);
      }
      sql.exec("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      sql.exec("INSERT INTO schema_version (version) VALUES (1)");
      sql.exec(`CREATE TABLE model_calls (request_id TEXT PRIMARY KEY, started_at INTEGER NOT NULL,
        model_group TEXT NOT NULL, deployment TEXT, status INTEGER NOT NULL, input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL, latency_ms REAL NOT NULL, time_to_first_token_ms REAL)`);
      sql.exec("INSERT INTO model_calls VALUES ('old', 500, 'gpt', 'gpt#0', 200, 7, 3, 0.05, 20, NULL)");
    });
    await evictDurableObject(stub);

    const [first] = conversation(sessionId);
    if (first === undefined) throw new Error("fixture");
    await stub.recordCall(first);
    const trace = await stub.getTrace();
    expect(trace.turns.flatMap((turn) => turn.modelCalls.map((call) => call.requestId))).toEqual(["old", "r1"]);
    expect(trace.turns[0]?.modelCalls[0]).toMatchObject({
      parameters: null,
      provider: null,
      usage: { inputTokens: 7 },
    });
    expect(trace.totals).toMatchObject({ modelCalls: 2, costUsd: 0.05 + 0.1 });
    const version = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql.exec<{ version: number }>("SELECT max(version) AS version FROM schema_version").one(),
    );
    expect(version.version).toBe(AGENT_SESSION_SCHEMA_VERSION);
  });
});
