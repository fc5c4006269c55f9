import { drizzle } from "drizzle-orm/d1";
import { spendLogs } from "../../core/db/schema.ts";
import type { SpendRecord } from "../../core/spend/spend-record.ts";
import { sessionIndexStatements } from "./session-index-statements.ts";
import { type SpendQueueMessage, spendQueueMessageSchema } from "./spend-queue-message.ts";

/** D1 allows at most 100 bound parameters per statement; a spend row binds 23. */
const ROWS_PER_STATEMENT = 4;

/**
 * Queue consumer: validates each message and writes the batch to D1 in one
 * `db.batch`: spend rows and, for calls of a session, the session index
 * (session-index-statements.ts). Inserts ignore keys already present, so a
 * redelivered batch records each request once. If D1 fails the whole batch is retried;
 * after `max_retries` the Queue moves it to the dead-letter queue, where
 * malformed messages are also parked.
 */
export async function consumeSpendBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
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
  }
}

/** Spend rows and the session index of the records, in one D1 batch (one transaction). */
export async function writeSpendRecords(database: D1Database, records: SpendQueueMessage[]): Promise<void> {
  const db = drizzle(database);
  const statements = [];
  const rows: SpendRecord[] = records.map(({ session: _session, ...record }) => record);
  for (let index = 0; index < rows.length; index += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(index, index + ROWS_PER_STATEMENT);
    statements.push(db.insert(spendLogs).values(chunk).onConflictDoNothing({ target: spendLogs.requestId }));
  }
  const [first, ...rest] = [...statements, ...sessionIndexStatements(db, records)];
  if (first === undefined) return;
  await db.batch([first, ...rest]);
}
