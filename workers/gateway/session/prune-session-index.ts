import { type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { sessionModelCalls, sessionResponses, sessions, toolCallIndex } from "../../core/db/schema.ts";
import { DAY_MS, DEFAULT_TRACE_RETENTION_DAYS } from "../../core/session/trace-policy.ts";

/** Sessions pruned per D1 batch, and batches per run: a backlog is worked off over a few cron runs. */
const SESSIONS_PER_BATCH = 500;
const MAX_BATCHES_PER_RUN = 20;

/**
 * A page of expired sessions: last activity older than their retention (null: the default). The
 * `last_at` bound (no retention is under a day) lets the index skip every recent session.
 */
function expiredPage(now: number): SQL {
  return sql`SELECT ${sessions.scope}, ${sessions.id} FROM ${sessions}
    WHERE ${sessions.lastAt} < ${now - DAY_MS}
      AND ${sessions.lastAt} < ${now} - coalesce(${sessions.retentionDays}, ${DEFAULT_TRACE_RETENTION_DAYS}) * ${DAY_MS}
    ORDER BY ${sessions.lastAt} LIMIT ${SESSIONS_PER_BATCH}`;
}

/**
 * Deletes the D1 session index rows (sessions, their model call ledger, tool call index and Responses
 * ids) of sessions whose last call is older than their retention. Spend logs are never touched: they
 * are the billing record. Each page is one D1 batch (one transaction), children before the session
 * row, so a page is deleted whole or not at all. Returns how many sessions were pruned.
 */
export async function pruneSessionIndex(database: D1Database, now: number): Promise<number> {
  const db = drizzle(database);
  let pruned = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const page = expiredPage(now);
    const results = await db.batch([
      db.delete(toolCallIndex).where(sql`(${toolCallIndex.scope}, ${toolCallIndex.sessionId}) IN (${page})`),
      db
        .delete(sessionModelCalls)
        .where(sql`(${sessionModelCalls.scope}, ${sessionModelCalls.sessionId}) IN (${page})`),
      db.delete(sessionResponses).where(sql`(${sessionResponses.scope}, ${sessionResponses.sessionId}) IN (${page})`),
      db.delete(sessions).where(sql`(${sessions.scope}, ${sessions.id}) IN (${page})`),
    ]);
    const deleted = results[3].meta.changes;
    pruned += deleted;
    if (deleted < SESSIONS_PER_BATCH) break;
  }
  return pruned;
}
