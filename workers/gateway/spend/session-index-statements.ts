import { and, eq, type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { sessionModelCalls, sessionResponses, sessions, toolCallIndex } from "../../core/db/schema.ts";
import type { SpendQueueMessage } from "./spend-queue-message.ts";

/** D1 binds at most 100 parameters per statement; these rows bind 6 (ledger, tool calls) or 4 (responses). */
const LEDGER_ROWS_PER_STATEMENT = 16;
const TOOL_ROWS_PER_STATEMENT = 16;
const RESPONSE_ROWS_PER_STATEMENT = 25;

function chunks<T>(rows: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < rows.length; index += size) result.push(rows.slice(index, index + size));
  return result;
}

type Database = DrizzleD1Database<Record<string, never>>;

/**
 * The session index writes of a batch of spend queue messages (D1 tables sessions, session_model_calls,
 * tool_call_index, session_responses in workers/core/db/schema.ts). Rows are inserted once by their
 * key; then each touched session's row is recomputed from its ledger, so redelivery is idempotent and
 * two consumers writing the same session agree (D1 runs each batch as one transaction).
 */
export function sessionIndexStatements(db: Database, messages: SpendQueueMessage[]) {
  const ledger: Array<typeof sessionModelCalls.$inferInsert> = [];
  const tools: Array<typeof toolCallIndex.$inferInsert> = [];
  const responses: Array<typeof sessionResponses.$inferInsert> = [];
  const touched = new Map<string, SpendQueueMessage & { session: NonNullable<SpendQueueMessage["session"]> }>();
  for (const message of messages) {
    const { session } = message;
    if (session === undefined) continue;
    const failed = message.status >= 400 || message.errorKind !== null;
    ledger.push({
      requestId: message.requestId,
      scope: session.scope,
      sessionId: session.sessionId,
      startedAt: message.startedAt,
      costUsd: message.costUsd,
      failed,
    });
    for (const call of session.toolCalls) {
      tools.push({
        scope: session.scope,
        sessionId: session.sessionId,
        toolCallId: call.id,
        toolName: call.name,
        arguments: call.arguments,
        startedAt: message.startedAt,
      });
    }
    if (session.responseId !== null) {
      responses.push({
        scope: session.scope,
        responseId: session.responseId,
        sessionId: session.sessionId,
        createdAt: message.startedAt,
      });
    }
    touched.set(JSON.stringify([session.scope, session.sessionId]), { ...message, session });
  }
  return [
    ...chunks(ledger, LEDGER_ROWS_PER_STATEMENT).map((rows) =>
      db.insert(sessionModelCalls).values(rows).onConflictDoNothing(),
    ),
    ...chunks(tools, TOOL_ROWS_PER_STATEMENT).map((rows) =>
      db.insert(toolCallIndex).values(rows).onConflictDoNothing(),
    ),
    ...chunks(responses, RESPONSE_ROWS_PER_STATEMENT).map((rows) =>
      db.insert(sessionResponses).values(rows).onConflictDoNothing(),
    ),
    ...[...touched.values()].flatMap((message) => sessionRowStatements(db, message)),
  ];
}

/**
 * The session's row: created if new (its first key, team and agent stay), then recomputed from its ledger
 * and tool calls. Two statements, not an INSERT … SELECT upsert: drizzle cannot batch raw SQL on D1.
 */
function sessionRowStatements(
  db: Database,
  message: SpendQueueMessage & { session: NonNullable<SpendQueueMessage["session"]> },
) {
  const { scope, sessionId } = message.session;
  const ofSession = sql`scope = ${scope} AND session_id = ${sessionId}`;
  const ledger = (aggregate: SQL) => sql`(SELECT ${aggregate} FROM ${sessionModelCalls} WHERE ${ofSession})`;
  return [
    db
      .insert(sessions)
      .values({
        scope,
        id: sessionId,
        agentId: message.agentId,
        keyHash: message.keyHash,
        teamId: message.teamId,
        startedAt: message.startedAt,
        lastAt: message.startedAt,
        status: "ok",
        retentionDays: message.session.retentionDays ?? null,
      })
      .onConflictDoNothing(),
    db
      .update(sessions)
      .set({
        startedAt: sql`${ledger(sql`min(started_at)`)}`,
        lastAt: sql`${ledger(sql`max(started_at)`)}`,
        status: sql`${ledger(sql`CASE WHEN max(failed) = 1 THEN 'error' ELSE 'ok' END`)}`,
        modelCalls: sql`${ledger(sql`count(*)`)}`,
        costUsd: sql`${ledger(sql`total(cost_usd)`)}`,
        toolCalls: sql`(SELECT count(*) FROM ${toolCallIndex} WHERE ${ofSession})`,
        agentId: sql`coalesce(${sessions.agentId}, ${message.agentId})`,
        // The longest policy seen wins (whatever order calls arrive in); still none seen stays null (the default).
        retentionDays: sql`nullif(max(coalesce(${sessions.retentionDays}, 0), ${message.session.retentionDays ?? 0}), 0)`,
      })
      .where(and(eq(sessions.scope, scope), eq(sessions.id, sessionId))),
  ];
}
