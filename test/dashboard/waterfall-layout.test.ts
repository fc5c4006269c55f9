import { describe, expect, it } from "vitest";
import type { SessionTrace, TraceModelCall, TraceToolCall } from "../../dashboard/src/api/sessions-api.ts";
import { waterfallLayout } from "../../dashboard/src/pages/sessions/waterfall-layout.ts";

function modelCall(
  requestId: string,
  startedAt: number,
  latencyMs: number,
  toolCalls: TraceToolCall[] = [],
): TraceModelCall {
  return {
    requestId,
    startedAt,
    sequence: 1,
    modelGroup: "demo",
    provider: "mock",
    deployment: "demo-mock",
    upstreamModel: "switchyard-demo",
    apiFormat: "openai-chat",
    parameters: null,
    usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 },
    costUsd: 0.001,
    latencyMs,
    timeToFirstTokenMs: null,
    status: 200,
    errorKind: null,
    stream: false,
    cacheHit: false,
    messages: null,
    toolCalls,
    replayOf: null,
  };
}

function toolCall(resultRequestId: string | null, observedAt: number): TraceToolCall {
  return {
    toolCallId: "call_1",
    name: "list_files",
    arguments: "{}",
    result: resultRequestId === null ? null : "README.md",
    isError: resultRequestId === null ? null : false,
    observedInRequestId: "req-2",
    observedAt,
    resultRequestId,
  };
}

function trace(calls: TraceModelCall[]): SessionTrace {
  return {
    sessionId: "s",
    scope: "team:t",
    agentId: null,
    tracePolicy: "metadata",
    startedAt: calls[0]?.startedAt ?? null,
    lastAt: null,
    turns: [{ turnId: "req-1", index: 1, startedAt: calls[0]?.startedAt ?? 0, costUsd: 0.002, modelCalls: calls }],
    totals: { turns: 1, modelCalls: calls.length, toolCalls: 1, inputTokens: 20, outputTokens: 10, costUsd: 0.002 },
  };
}

describe("waterfallLayout", () => {
  it("runs a tool call from the end of the call that made it to the arrival of the request carrying its result", () => {
    const layout = waterfallLayout(
      trace([modelCall("req-1", 10_000, 800, [toolCall("req-2", 11_500)]), modelCall("req-2", 11_500, 600)]),
    );
    expect(layout.rows.map((row) => [row.kind, row.startMs, row.kind === "turn" ? null : row.durationMs])).toEqual([
      ["turn", 0, null],
      ["model", 0, 800],
      ["tool", 800, 700],
      ["model", 1500, 600],
    ]);
    expect(layout.totalMs).toBe(2100);
  });

  it("marks a tool call without a result yet as pending, ending where it was seen", () => {
    const layout = waterfallLayout(trace([modelCall("req-1", 0, 500, [toolCall(null, 900)])]));
    const tool = layout.rows.find((row) => row.kind === "tool");
    expect(tool).toMatchObject({ kind: "tool", startMs: 500, durationMs: 400, pending: true });
  });

  it("lays out an empty session without dividing by zero", () => {
    expect(waterfallLayout({ ...trace([]), startedAt: null, turns: [] })).toEqual({ rows: [], totalMs: 1 });
  });
});
