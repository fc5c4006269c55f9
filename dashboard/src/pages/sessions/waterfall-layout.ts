import type { SessionTrace, TraceModelCall, TraceToolCall } from "../../api/sessions-api.ts";

export type WaterfallRow =
  | { kind: "turn"; key: string; index: number; costUsd: number; startMs: number }
  | { kind: "model"; key: string; call: TraceModelCall; startMs: number; durationMs: number }
  | { kind: "tool"; key: string; tool: TraceToolCall; startMs: number; durationMs: number; pending: boolean };

export interface WaterfallLayout {
  rows: WaterfallRow[];
  /** From the session's first request to the end of its last span, at least 1 ms. */
  totalMs: number;
}

/**
 * Places a trace on one time axis. Model calls span arrival → arrival + latency. A tool call runs
 * on the client between the end of the call that produced it and the arrival of the request that
 * carried its result back (if none came back yet: the request that carried the call itself).
 */
export function waterfallLayout(trace: SessionTrace): WaterfallLayout {
  const calls = trace.turns.flatMap((turn) => turn.modelCalls);
  const arrivalOf = new Map(calls.map((call) => [call.requestId, call.startedAt]));
  const origin = Math.min(trace.startedAt ?? Number.POSITIVE_INFINITY, ...calls.map((call) => call.startedAt));
  if (!Number.isFinite(origin)) return { rows: [], totalMs: 1 };
  const rows: WaterfallRow[] = [];
  let end = origin;
  for (const turn of trace.turns) {
    rows.push({
      kind: "turn",
      key: `turn:${turn.turnId}`,
      index: turn.index,
      costUsd: turn.costUsd,
      startMs: turn.startedAt - origin,
    });
    for (const call of turn.modelCalls) {
      const callEnd = call.startedAt + Math.max(0, call.latencyMs);
      rows.push({
        kind: "model",
        key: `call:${call.requestId}`,
        call,
        startMs: call.startedAt - origin,
        durationMs: callEnd - call.startedAt,
      });
      end = Math.max(end, callEnd);
      for (const tool of call.toolCalls) {
        const resultArrival = tool.resultRequestId === null ? undefined : arrivalOf.get(tool.resultRequestId);
        const toolEnd = Math.max(callEnd, resultArrival ?? tool.observedAt);
        rows.push({
          kind: "tool",
          key: `tool:${call.requestId}:${tool.toolCallId}`,
          tool,
          startMs: callEnd - origin,
          durationMs: toolEnd - callEnd,
          pending: tool.resultRequestId === null,
        });
        end = Math.max(end, toolEnd);
      }
    }
  }
  return { rows, totalMs: Math.max(1, end - origin) };
}
