import type { ModelCallParameters } from "./extract-session-call.ts";
import type { TraceMcpToolCall } from "./mcp-tool-call-record.ts";
import type { TraceBodyPolicy } from "./trace-body-policy.ts";
import type { TraceMessage } from "./trace-message.ts";

/**
 * A session's trace as the admin API returns it: session → turns → model calls → tool calls. A turn
 * starts at each new user message. A tool call hangs under the model call that produced it: the latest
 * earlier call whose request had as many messages as precede the tool call's assistant message (so a
 * side call, like a title request, is not mistaken for it), else the latest earlier call.
 */
export interface TraceToolCall {
  toolCallId: string;
  name: string;
  /** Raw (redacted) arguments; null under the `none` body policy, or when only the result was seen. */
  arguments: string | null;
  /** Raw (redacted) result text; null until a later request carried it back, and under `none`. */
  result: string | null;
  /** Null while no result has come back. */
  isError: boolean | null;
  /** The request that carried the tool call back to the gateway, and when it arrived. */
  observedInRequestId: string;
  observedAt: number;
  resultRequestId: string | null;
}

export interface TraceModelCall {
  requestId: string;
  /** Arrival time of the request (epoch ms). */
  startedAt: number;
  /** 1-based position of the call in the session. */
  sequence: number;
  modelGroup: string;
  provider: string | null;
  deployment: string | null;
  upstreamModel: string | null;
  apiFormat: string | null;
  /** Null for calls recorded before parameters were (schema v1) or without a request (cache hits). */
  parameters: ModelCallParameters | null;
  usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number };
  costUsd: number;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  status: number;
  errorKind: string | null;
  stream: boolean | null;
  cacheHit: boolean;
  /** Under the `full` body policy: the messages this call added (the previous answer, results, the user's message). */
  messages: TraceMessage[] | null;
  toolCalls: TraceToolCall[];
  /** Set on a replay an admin ran (session-replay.ts): the request id of the span it replayed. */
  replayOf: string | null;
}

export interface TraceTurn {
  /** The request id of the call that started the turn. */
  turnId: string;
  /** 1-based. */
  index: number;
  startedAt: number;
  costUsd: number;
  modelCalls: TraceModelCall[];
}

export interface SessionTraceTotals {
  turns: number;
  modelCalls: number;
  toolCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface SessionTrace {
  sessionId: string;
  scope: string;
  agentId: string | null;
  tracePolicy: TraceBodyPolicy | null;
  startedAt: number | null;
  lastAt: number | null;
  turns: TraceTurn[];
  totals: SessionTraceTotals;
  /** Tool calls the MCP gateway settled in this session, in arrival order (workers/gateway/mcp-gateway/). */
  mcpToolCalls?: TraceMcpToolCall[];
}
