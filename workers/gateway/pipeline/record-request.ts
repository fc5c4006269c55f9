import type { Context } from "hono";
import type { Deployment } from "../../core/config/gateway-config.ts";
import type { IrRequest } from "../../core/ir/request.ts";
import type { Usage } from "../../core/ir/usage.ts";
import { computeCostUsd } from "../../core/pricing/compute-cost.ts";
import type { SpendRecord } from "../../core/spend/spend-record.ts";
import type { GatewayHonoEnv, GatewayVariables } from "../gateway-env.ts";
import { settleSessionCost } from "../governance/settle-session-cost.ts";
import { recordSessionCall, type SessionCallSource } from "../session/record-session-call.ts";
import { replayOfRequest } from "../session/replay-request-mark.ts";
import { queueSpendMessage } from "../spend/queue-spend-message.ts";

export interface RequestOutcome {
  modelGroup: string;
  deployment: Deployment | undefined;
  usage: Usage | undefined;
  status: number;
  errorKind: string | undefined;
  stream: boolean;
  timeToFirstTokenMs: number | undefined;
  sessionId: string | undefined;
  /** The IR request, from which the session trace reads tool calls, results and turns. */
  request?: IrRequest;
  /** The id of the Responses answer the client got, so `previous_response_id` follow-ups join its session. */
  responseId?: string;
}

export interface RecordingContext {
  env: Env;
  variables: Pick<GatewayVariables, "requestId" | "receivedAt" | "apiFormat" | "principal">;
  waitUntil: (promise: Promise<unknown>) => void;
  /** Wall-clock time of arrival, for the record's timestamp. */
  startedAtEpochMs: number;
  /** Set when an admin replays a span (replay-request-mark.ts): the request id it replays. */
  replayOf?: string;
}

/** The recording context of the current request, as the routes hold it. */
export function recordingContextOf(c: Context<GatewayHonoEnv>): RecordingContext {
  return {
    env: c.env,
    variables: {
      requestId: c.get("requestId"),
      receivedAt: c.get("receivedAt"),
      apiFormat: c.get("apiFormat"),
      principal: c.get("principal"),
    },
    waitUntil: (promise) => c.executionCtx.waitUntil(promise),
    startedAtEpochMs: Date.now(),
    replayOf: replayOfRequest(c.req.raw),
  };
}

export function buildSpendRecord(context: RecordingContext, outcome: RequestOutcome): SpendRecord {
  const usage = outcome.usage;
  const cost = usage === undefined ? undefined : computeCostUsd(usage, outcome.deployment?.pricing);
  const { variables } = context;
  return {
    requestId: variables.requestId,
    startedAt: context.startedAtEpochMs,
    apiFormat: variables.apiFormat,
    keyHash: variables.principal.keyHash,
    teamId: variables.principal.kind === "virtual" ? variables.principal.key.teamId : null,
    userId: variables.principal.kind === "virtual" ? variables.principal.key.userId : null,
    agentId: variables.principal.kind === "virtual" ? variables.principal.key.agentId : null,
    sessionId: outcome.sessionId ?? null,
    modelGroup: outcome.modelGroup,
    provider: outcome.deployment?.provider ?? null,
    deployment: outcome.deployment?.id ?? null,
    upstreamModel: outcome.deployment?.upstreamModel ?? null,
    inputTokens: usage?.inputTokens.total ?? 0,
    outputTokens: usage?.outputTokens.total ?? 0,
    cacheReadTokens: usage?.inputTokens.cacheRead ?? 0,
    cacheWriteTokens: usage?.inputTokens.cacheWrite ?? 0,
    costUsd: cost ?? 0,
    latencyMs: Math.max(0, performance.now() - variables.receivedAt),
    timeToFirstTokenMs: outcome.timeToFirstTokenMs ?? null,
    status: outcome.status,
    errorKind: outcome.errorKind ?? null,
    stream: outcome.stream,
    cacheHit: false,
    ...(context.replayOf === undefined ? {} : { replayOf: context.replayOf }),
  };
}

/**
 * Sends the request's spend record to the Queue and, when the request belongs to a session, its span
 * to the session's Durable Object — both after the response, through waitUntil, so neither is on the
 * hot path.
 */
export function recordRequest(context: RecordingContext, outcome: RequestOutcome): SpendRecord {
  const record = buildSpendRecord(context, outcome);
  dispatchRecord(context, record, { request: outcome.request, responseId: outcome.responseId });
  return record;
}

/** The one way a built spend record leaves the gateway (record-cache-hit.ts sends its records here too). */
export function dispatchRecord(context: RecordingContext, record: SpendRecord, source: SessionCallSource): void {
  settleSessionCost(context, record);
  const { sessionId } = record;
  if (sessionId !== null) {
    // The session path queues the record itself, carrying the session's index entry.
    recordSessionCall(context, { ...record, sessionId }, source);
    return;
  }
  context.waitUntil(
    queueSpendMessage(context.env.SPEND_QUEUE, record).catch((error: unknown) => {
      console.error(`spend record ${record.requestId} could not be queued`, error);
    }),
  );
}
