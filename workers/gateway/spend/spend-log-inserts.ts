import { type Column, getTableColumns, getTableName } from "drizzle-orm";
import { spendLogs } from "../../core/db/schema.ts";
import type { SpendRecord } from "../../core/spend/spend-record.ts";

/** D1 binds at most 100 parameters per statement. */
const MAX_BOUND_PARAMETERS = 100;

const spendLogColumns = getTableColumns(spendLogs);
// Typed by the table's fields, so `record[field]` stops compiling when spend_logs gains a column the record lacks.
const columns = (Object.keys(spendLogColumns) as Array<keyof typeof spendLogColumns>).map((field) => ({
  field,
  column: spendLogColumns[field] as Column,
}));
const ROWS_PER_STATEMENT = Math.floor(MAX_BOUND_PARAMETERS / columns.length);
const columnList = columns.map(({ column }) => `"${column.name}"`).join(", ");
const rowPlaceholders = `(${columns.map(() => "?").join(", ")})`;
const insertSqlByRowCount = new Map<number, string>();

function insertSql(rowCount: number): string {
  let text = insertSqlByRowCount.get(rowCount);
  if (text === undefined) {
    const values = Array.from({ length: rowCount }, () => rowPlaceholders).join(", ");
    text = `INSERT INTO "${getTableName(spendLogs)}" (${columnList}) VALUES ${values} ON CONFLICT ("${spendLogs.requestId.name}") DO NOTHING`;
    insertSqlByRowCount.set(rowCount, text);
  }
  return text;
}

/**
 * The inserts of a batch of spend rows, as many rows per statement as D1's parameter limit allows, each
 * ignoring a request id already written (redelivery). Raw D1 statements rather than drizzle's insert
 * builder: the builder re-derived the SQL and mapped each of the two dozen values per row through its generic
 * machinery, which the bench profile showed as about a tenth of the gateway isolate's CPU per request
 * (the consumer runs in the gateway's isolate). Column names, order and value mapping (booleans to
 * integers) still come from the drizzle table, so the schema stays the single source.
 */
export function spendLogInserts(database: D1Database, records: readonly SpendRecord[]): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
    const chunk = records.slice(start, start + ROWS_PER_STATEMENT);
    const values: unknown[] = [];
    for (const record of chunk) {
      for (const { field, column } of columns) {
        const value = record[field];
        // Optional record fields (replayOf) are absent on most records; D1 cannot bind undefined.
        values.push(value === null || value === undefined ? null : column.mapToDriverValue(value));
      }
    }
    statements.push(database.prepare(insertSql(chunk.length)).bind(...values));
  }
  return statements;
}
