import type { SpendRecord } from "../spend/spend-record.ts";
import type { SessionCallContent } from "./extract-session-call.ts";
import type { TraceBodyPolicy } from "./trace-body-policy.ts";

/**
 * What the gateway sends a session's Durable Object for one model call, after the response: the spend
 * record (usage, cost, latency, status; its `startedAt` is the request's arrival) and what the call
 * added to the conversation. `content` is null when there is no request to read (a cache hit).
 */
export interface SessionCallEvent {
  scope: string;
  sessionId: string;
  tracePolicy: TraceBodyPolicy;
  /** Days the call's spans are kept (trace-policy.ts); absent from older senders: the default, 30. */
  retentionDays?: number;
  record: SpendRecord;
  content: SessionCallContent | null;
  /** Under `full`: the call's tools and tool choice as JSON (session-tool-definitions.ts), for replays. */
  toolDefinitions?: string;
}
