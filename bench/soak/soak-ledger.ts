import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { CounterState, SpendRow } from "./soak-checks.ts";

/** Miniflare keeps each D1 database and each Durable Object as one SQLite file under its persist directory. */
function sqliteFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((file) => file.endsWith(".sqlite") && file !== "metadata.sqlite")
    .map((file) => join(directory, file));
}

function withDatabase<Result>(file: string, read: (database: DatabaseSync) => Result): Result {
  const database = new DatabaseSync(file, { readOnly: true });
  try {
    return read(database);
  } finally {
    database.close();
  }
}

/** The gateway's D1 database file: the one holding spend_logs. */
function d1File(persistDirectory: string): string {
  const root = join(persistDirectory, "d1");
  const candidates = existsSync(root)
    ? readdirSync(root).flatMap((directory) => sqliteFiles(join(root, directory)))
    : [];
  const file = candidates.find((candidate) =>
    withDatabase(
      candidate,
      (database) =>
        database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'spend_logs'").get() !==
        undefined,
    ),
  );
  if (file === undefined) throw new Error(`no D1 database with spend_logs under ${root}`);
  return file;
}

export function readSpendRows(persistDirectory: string): SpendRow[] {
  return withDatabase(d1File(persistDirectory), (database) =>
    database
      .prepare(
        `SELECT request_id AS requestId, key_hash AS keyHash, team_id AS teamId, session_id AS sessionId,
                cost_usd AS costUsd, status, error_kind AS errorKind FROM spend_logs`,
      )
      .all()
      .map((row) => row as unknown as SpendRow),
  );
}

/** Rows of the D1 session ledger (one per model call of a session) and the sessions' own call counts. */
export function readSessionIndex(persistDirectory: string): { ledgerRows: number; sessionCalls: number } {
  return withDatabase(d1File(persistDirectory), (database) => {
    const count = (sql: string) => Number((database.prepare(sql).get() as { n?: unknown } | undefined)?.n ?? 0);
    return {
      ledgerRows: count("SELECT count(*) AS n FROM session_model_calls"),
      sessionCalls: count("SELECT coalesce(sum(model_calls), 0) AS n FROM sessions"),
    };
  });
}

export function readBudgetCounters(persistDirectory: string, scriptName: string): CounterState[] {
  return sqliteFiles(join(persistDirectory, "do", `${scriptName}-BudgetCounter`)).map((file) =>
    withDatabase(file, (database) => {
      const one = (sql: string) => (database.prepare(sql).get() ?? {}) as Record<string, unknown>;
      const live = one(
        "SELECT count(*) AS holds, coalesce(sum(amount_nano), 0) AS nano FROM reservations WHERE expired = 0",
      );
      const expired = one("SELECT count(*) AS holds FROM reservations WHERE expired = 1");
      const spent = one("SELECT coalesce(sum(spent_nano), 0) AS nano FROM spend");
      const settled = database.prepare("SELECT request_id FROM settlements").all() as Array<{ request_id: string }>;
      return {
        source: file,
        liveHolds: Number(live.holds),
        liveHeldUsd: Number(live.nano) / 1e9,
        expiredHolds: Number(expired.holds),
        spentUsd: Number(spent.nano) / 1e9,
        settledRequestIds: settled.map((row) => row.request_id),
      };
    }),
  );
}
