import type { SessionTrace } from "../../../workers/core/session/session-trace.ts";
import { adminRequest } from "./admin-client.ts";

export interface SessionSummary {
  session_id: string;
  scope: string;
  agent_id: string | null;
  key_hash: string | null;
  team_id: string | null;
  started_at: number;
  last_at: number;
  status: "ok" | "error";
  model_calls: number;
  tool_calls: number;
  cost_usd: number;
}

export interface SessionListQuery {
  agent_id?: string | undefined;
  team_id?: string | undefined;
  status?: "ok" | "error" | undefined;
  from?: number | undefined;
  min_cost?: number | undefined;
  page: number;
  page_size: number;
}

export interface SessionListResponse {
  data: SessionSummary[];
  total: number;
  page: number;
  page_size: number;
  total_pages: number;
}

/** The admin API returns a session's trace as the server builds it, so the dashboard reads the server's types. */
export type {
  SessionTrace,
  TraceModelCall,
  TraceToolCall,
  TraceTurn,
} from "../../../workers/core/session/session-trace.ts";
export type { TraceMessage, TracePart } from "../../../workers/core/session/trace-message.ts";

export interface ReplayUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
}

/** A model call's answer: its text and the tool calls it made. */
export interface ReplayOutput {
  text: string;
  tool_calls: Array<{ id: string; name: string; arguments: string }>;
}

export interface ReplayResult {
  span_id: string;
  /** `output` is null when the recorded call's answer was not kept. */
  original: { model: string; output: ReplayOutput | null; usage: ReplayUsage; cost_usd: number };
  replay: {
    request_id: string;
    session_id: string;
    session_scope: string;
    model: string;
    output: ReplayOutput;
    usage: ReplayUsage;
    cost_usd: number | null;
    latency_ms: number;
  };
  warnings: string[];
}

export interface ReplayInput {
  model?: string;
  temperature?: number;
}

export const listSessions = (query: SessionListQuery, signal?: AbortSignal) =>
  adminRequest<SessionListResponse>("GET", "/sessions", { query: { ...query }, signal });

export const fetchSessionTrace = (sessionId: string, scope: string | undefined) =>
  adminRequest<SessionTrace>("GET", `/sessions/${encodeURIComponent(sessionId)}`, { query: { scope } });

/** Sends the span's recorded request again (optionally to another model) and answers both outputs. */
export const replaySpan = (sessionId: string, spanId: string, scope: string | undefined, input: ReplayInput) =>
  adminRequest<ReplayResult>(
    "POST",
    `/sessions/${encodeURIComponent(sessionId)}/spans/${encodeURIComponent(spanId)}/replay`,
    { json: input, query: { scope } },
  );
