import type { ModelCallParameters } from "../workers/core/session/extract-session-call.ts";
import type { SessionTrace, TraceModelCall, TraceToolCall, TraceTurn } from "../workers/core/session/session-trace.ts";
import type { TraceBodyPolicy } from "../workers/core/session/trace-body-policy.ts";
import type { TraceMessage } from "../workers/core/session/trace-message.ts";

/** Rows as AgentSession stores them (agent-session-schema.ts); v2 columns are null on v1 rows. */
export type ModelCallRow = {
  request_id: string;
  started_at: number;
  model_group: string;
  deployment: string | null;
  status: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  latency_ms: number;
  time_to_first_token_ms: number | null;
  seq: number;
  provider: string | null;
  upstream_model: string | null;
  api_format: string | null;
  error_kind: string | null;
  stream: number | null;
  cache_hit: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  parameters: string | null;
  message_count: number | null;
  starts_turn: number;
  trace_policy: string | null;
  messages: string | null;
  agent_id: string | null;
  /** v4 (null before). */
  tool_set_hash: string | null;
  replay_of: string | null;
};

export type ToolCallRow = {
  tool_call_id: string;
  name: string;
  arguments: string | null;
  request_id: string;
  message_index: number;
  seq: number;
};

export type ToolResultRow = {
  tool_call_id: string;
  tool_name: string | null;
  result: string | null;
  is_error: number;
  request_id: string;
  seq: number;
};

export interface SessionRows {
  sessionId: string;
  scope: string;
  tracePolicy: TraceBodyPolicy | null;
  /** Ordered by arrival (started_at, then seq). */
  calls: ModelCallRow[];
  toolCalls: ToolCallRow[];
  toolResults: ToolResultRow[];
}

function modelCallOf(row: ModelCallRow, sequence: number): TraceModelCall {
  return {
    requestId: row.request_id,
    startedAt: row.started_at,
    sequence,
    modelGroup: row.model_group,
    provider: row.provider,
    deployment: row.deployment,
    upstreamModel: row.upstream_model,
    apiFormat: row.api_format,
    // Written by this object from a typed value; read back as that type.
    parameters: row.parameters === null ? null : (JSON.parse(row.parameters) as ModelCallParameters),
    usage: {
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cacheReadTokens: row.cache_read_tokens,
      cacheWriteTokens: row.cache_write_tokens,
    },
    costUsd: row.cost_usd,
    latencyMs: row.latency_ms,
    timeToFirstTokenMs: row.time_to_first_token_ms,
    status: row.status,
    errorKind: row.error_kind,
    stream: row.stream === null ? null : row.stream === 1,
    cacheHit: row.cache_hit === 1,
    messages: row.messages === null ? null : (JSON.parse(row.messages) as TraceMessage[]),
    toolCalls: [],
    replayOf: row.replay_of,
  };
}

/**
 * Which call produced a tool call seen in the request at `observedAt` (an index into the ordered calls):
 * the latest earlier call whose request had exactly `messageIndex` messages (the assistant message
 * holding the tool call came right after them), else the latest earlier call, else the observing call.
 */
function producerIndex(calls: ModelCallRow[], observedAt: number, messageIndex: number | undefined): number {
  if (messageIndex !== undefined) {
    for (let index = observedAt - 1; index >= 0; index--) {
      if (calls[index]?.message_count === messageIndex) return index;
    }
  }
  return Math.max(0, observedAt - 1);
}

/** Folds the append-only rows into the trace tree: turns → model calls → tool calls, with totals. */
export function buildSessionTrace(rows: SessionRows): SessionTrace {
  const { calls } = rows;
  const spans = calls.map((row, index) => modelCallOf(row, index + 1));
  const callIndexByRequest = new Map(calls.map((row, index) => [row.request_id, index]));
  const results = new Map(rows.toolResults.map((row) => [row.tool_call_id, row]));

  const place = (toolCall: TraceToolCall, observedIn: string, messageIndex: number | undefined) => {
    const observedAt = callIndexByRequest.get(observedIn);
    if (observedAt === undefined) return;
    spans[producerIndex(calls, observedAt, messageIndex)]?.toolCalls.push(toolCall);
  };
  const seen = new Set<string>();
  for (const row of rows.toolCalls) {
    seen.add(row.tool_call_id);
    const result = results.get(row.tool_call_id);
    place(
      {
        toolCallId: row.tool_call_id,
        name: row.name,
        arguments: row.arguments,
        result: result?.result ?? null,
        isError: result === undefined ? null : result.is_error === 1,
        observedInRequestId: row.request_id,
        observedAt: calls[callIndexByRequest.get(row.request_id) ?? -1]?.started_at ?? 0,
        resultRequestId: result?.request_id ?? null,
      },
      row.request_id,
      row.message_index,
    );
  }
  // A result whose call was never sent back to the gateway (a Responses chain keeps it upstream).
  for (const row of rows.toolResults) {
    if (seen.has(row.tool_call_id)) continue;
    place(
      {
        toolCallId: row.tool_call_id,
        name: row.tool_name ?? "unknown",
        arguments: null,
        result: row.result,
        isError: row.is_error === 1,
        observedInRequestId: row.request_id,
        observedAt: calls[callIndexByRequest.get(row.request_id) ?? -1]?.started_at ?? 0,
        resultRequestId: row.request_id,
      },
      row.request_id,
      undefined,
    );
  }

  const turns: TraceTurn[] = [];
  for (const [index, span] of spans.entries()) {
    let turn = turns.at(-1);
    if (turn === undefined || calls[index]?.starts_turn === 1) {
      turn = { turnId: span.requestId, index: turns.length + 1, startedAt: span.startedAt, costUsd: 0, modelCalls: [] };
      turns.push(turn);
    }
    turn.modelCalls.push(span);
    turn.costUsd += span.costUsd;
  }

  return {
    sessionId: rows.sessionId,
    scope: rows.scope,
    agentId: calls.find((row) => row.agent_id !== null)?.agent_id ?? null,
    tracePolicy: rows.tracePolicy,
    startedAt: calls[0]?.started_at ?? null,
    lastAt: calls.at(-1)?.started_at ?? null,
    turns,
    totals: {
      turns: turns.length,
      modelCalls: spans.length,
      toolCalls: spans.reduce((sum, span) => sum + span.toolCalls.length, 0),
      inputTokens: spans.reduce((sum, span) => sum + span.usage.inputTokens, 0),
      outputTokens: spans.reduce((sum, span) => sum + span.usage.outputTokens, 0),
      costUsd: spans.reduce((sum, span) => sum + span.costUsd, 0),
    },
  };
}
