import { drizzle } from "drizzle-orm/d1";
import { outboundFetch } from "../outbound-fetch.ts";
import { exportSpendTraces } from "./export-spend-traces.ts";
import { resolveOtlpExportSettings } from "./resolve-otlp-export-settings.ts";
import { sessionIndexStatements } from "./session-index-statements.ts";
import { spendLogInserts } from "./spend-log-inserts.ts";
import { type SpendQueueMessage, spendQueueMessageSchema } from "./spend-queue-message.ts";

/**
 * Queue consumer: validates each message and writes the batch to D1 in one
 * `db.batch`: spend rows and, for calls of a session, the session index
 * (session-index-statements.ts). Inserts ignore keys already present, so a
 * redelivered batch records each request once. If D1 fails the whole batch is retried;
 * after `max_retries` the Queue moves it to the dead-letter queue, where
 * malformed messages are also parked. Once written (and acknowledged), the
 * batch is pushed as one OTLP request when an exporter is configured
 * (export-spend-traces.ts); that export never fails or retries the batch.
 */
export async function consumeSpendBatch(
  batch: MessageBatch<unknown>,
  env: Env,
  ctx?: Pick<ExecutionContext, "waitUntil">,
): Promise<void> {
  const records: SpendQueueMessage[] = [];
  const accepted: Message<unknown>[] = [];
  const malformed: Message<unknown>[] = [];
  for (const message of batch.messages) {
    const parsed = spendQueueMessageSchema.safeParse(message.body);
    if (parsed.success) {
      records.push(parsed.data);
      accepted.push(message);
    } else {
      malformed.push(message);
    }
  }
  // A malformed record never becomes valid, so retrying is pointless; park it
  // in the dead-letter queue for a human instead of dropping it.
  for (const message of malformed) {
    try {
      await env.SPEND_DLQ.send(message.body);
      message.ack();
    } catch {
      message.retry();
    }
  }
  if (records.length === 0) return;
  try {
    await writeSpendRecords(env.DB, records);
    for (const message of accepted) message.ack();
  } catch (error) {
    console.error(`spend batch of ${records.length} failed; retrying`, error);
    for (const message of accepted) message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
    return;
  }
  await exportBatchTraces(records, env, ctx);
}

/** Exported only after D1 took the batch, so a retried batch is not pushed twice. */
async function exportBatchTraces(
  records: SpendQueueMessage[],
  env: Env,
  ctx: Pick<ExecutionContext, "waitUntil"> | undefined,
): Promise<void> {
  const background: Promise<unknown>[] = [];
  const settings = await resolveOtlpExportSettings(env, (promise) =>
    ctx === undefined ? background.push(promise) : ctx.waitUntil(promise),
  );
  if (settings !== undefined) await exportSpendTraces(records, settings, outboundFetch(env));
  await Promise.allSettled(background);
}

/**
 * Spend rows (raw statements, spend-log-inserts.ts) and the session index of the records (built by
 * drizzle, bound the same way), in one D1 batch: one transaction.
 */
export async function writeSpendRecords(database: D1Database, records: SpendQueueMessage[]): Promise<void> {
  const sessionQueries = sessionIndexStatements(drizzle(database), records).map((query) => {
    const { sql, params } = query.toSQL();
    return database.prepare(sql).bind(...params);
  });
  const statements = [...spendLogInserts(database, records), ...sessionQueries];
  if (statements.length === 0) return;
  await database.batch(statements);
}
