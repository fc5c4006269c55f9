import type { SpendRecord } from "../../core/spend/spend-record.ts";
import { buildSpendRecord, dispatchRecord, type RecordingContext } from "../pipeline/record-request.ts";

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
 * It leaves through recordRequest's dispatch (record-request.ts), whose
 * RequestOutcome has no way to say "cache hit" yet.
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
  dispatchRecord(context, record, { request: undefined, responseId: undefined });
  return record;
}
