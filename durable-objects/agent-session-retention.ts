import { DAY_MS, DEFAULT_TRACE_RETENTION_DAYS } from "../workers/core/session/trace-policy.ts";

/**
 * Retention of an AgentSession's rows. Every row carries `expires_at` (its call's arrival plus the
 * policy's days, agent-session-schema.ts v3); the object's single alarm is kept at the earliest expiry,
 * and each sweep deletes what is due and re-arms for the next. A sweep that leaves nothing lets the
 * object delete all its storage.
 */

/**
 * An expiry already due (a late or backfilled record) is swept a minute later rather than at once, so
 * a burst of such writes shares one sweep instead of waking the object for each.
 */
export const MIN_SWEEP_DELAY_MS = 60_000;

const SPAN_TABLES = ["model_calls", "tool_calls", "tool_results", "mcp_tool_calls"] as const;

/** When a call's rows expire: its arrival plus the retention (the default for senders that predate it). */
export function spanExpiresAt(startedAt: number, retentionDays: number | undefined): number {
  return startedAt + (retentionDays ?? DEFAULT_TRACE_RETENTION_DAYS) * DAY_MS;
}

/**
 * Sets the object's alarm to `at` unless one is already set no later: the one alarm serves every
 * deadline (the sweep re-arms for the next), so setting it is idempotent.
 */
export async function armAlarmBy(storage: DurableObjectStorage, at: number, now = Date.now()): Promise<void> {
  const when = Math.max(at, now + MIN_SWEEP_DELAY_MS);
  const current = await storage.getAlarm();
  if (current === null || current > when) await storage.setAlarm(when);
}

/** Deletes the rows expired at `now`, in one transaction; returns how many rows are left and the next expiry. */
export function sweepExpiredSpans(
  storage: DurableObjectStorage,
  now: number,
): { remaining: number; nextExpiresAt: number | null } {
  const sql = storage.sql;
  return storage.transactionSync(() => {
    for (const table of SPAN_TABLES) sql.exec(`DELETE FROM ${table} WHERE expires_at <= ?`, now);
    // Tool definitions (schema v4) live as long as a remaining call offered them.
    sql.exec(
      "DELETE FROM tool_sets WHERE hash NOT IN (SELECT tool_set_hash FROM model_calls WHERE tool_set_hash IS NOT NULL)",
    );
    const left = sql
      .exec<{ remaining: number; next: number | null }>(
        `SELECT count(*) AS remaining, min(expires_at) AS next FROM (${SPAN_TABLES.map(
          (table) => `SELECT expires_at FROM ${table}`,
        ).join(" UNION ALL ")})`,
      )
      .one();
    return { remaining: left.remaining, nextExpiresAt: left.next };
  });
}
