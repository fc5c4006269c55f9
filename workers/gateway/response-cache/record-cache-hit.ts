import type { SpendRecord } from "../../core/spend/spend-record.ts";
import { buildSpendRecord, type RecordingContext } from "../pipeline/record-request.ts";

/** What the spend record and routing headers name as the provider of an answer served from the cache. */
export const CACHE_PROVIDER = "cache";

export interface CacheHitOutcome {
  modelGroup: string;
  stream: boolean;
  sessionId: string | undefined;
}

/**
 * The spend record of a cache hit: status 200, cost 0, `cacheHit: true`,
 * provider `cache`, and no tokens (no upstream processed any). It goes the
 * same way as every other record: the Queue, and the session's span.
 *
 * The dispatch mirrors recordRequest (record-request.ts), whose RequestOutcome
 * has no way to say "cache hit" yet.
 */
export function recordCacheHit(context: RecordingContext, outcome: CacheHitOutcome): SpendRecord {
  const record: SpendRecord = {
    ...buildSpendRecord(context, {
      modelGroup: outcome.modelGroup,
      deployment: undefined,
      usage: undefined,
      status: 200,
      errorKind: undefined,
      stream: outcome.stream,
      timeToFirstTokenMs: undefined,
      sessionId: outcome.sessionId,
    }),
    provider: CACHE_PROVIDER,
    costUsd: 0,
    cacheHit: true,
  };
  context.waitUntil(
    context.env.SPEND_QUEUE.send(record).catch((error: unknown) => {
      console.error(`spend record ${record.requestId} could not be queued`, error);
    }),
  );
  if (outcome.sessionId !== undefined) {
    const session = context.env.AGENT_SESSION.getByName(outcome.sessionId);
    context.waitUntil(
      session.recordModelCall(record).catch((error: unknown) => {
        console.error(`session span ${record.requestId} could not be recorded`, error);
      }),
    );
  }
  return record;
}
