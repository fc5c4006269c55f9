import { migrateSqliteSchema } from "./migrate-sqlite-schema.ts";

/**
 * AgentControl's SQLite schema, migrated in the constructor behind a version row.
 *
 *   schema_version(version)
 *   stops(target PK, kind, reason, detail, stopped_by, stopped_at)
 *       v1: kill switches and tripped loop breakers. `target` is `agent`, `key:<sha256>` or
 *       `session:<scope>/<session id>`; a row means "refuse"; resuming deletes it.
 *   session_counters(session PK, steps, cost_usd, updated_at)
 *       v1: the loop breaker's running totals per session (`<scope>/<session id>`).
 *   session_fingerprints(session, fingerprint, count) PK (session, fingerprint)
 *       v1: how often one tool call (`tool:<server>/<tool>#<arguments hash>`) or model request
 *       (`model:<body hash>`) was seen in a session.
 *   approvals(id PK, …)
 *       v1: calls held for a human: who asked (scope, session, agent), what (kind, subject, scrubbed
 *       detail JSON), when (requested_at, expires_at) and the outcome (status, decided_at, decided_by,
 *       reason). `status` is `pending` until an approver or the deadline decides it.
 */
const MIGRATIONS: ReadonlyArray<readonly string[]> = [
  [
    `CREATE TABLE stops (
      target TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      reason TEXT NOT NULL,
      detail TEXT,
      stopped_by TEXT NOT NULL,
      stopped_at INTEGER NOT NULL
    )`,
    `CREATE TABLE session_counters (
      session TEXT PRIMARY KEY,
      steps INTEGER NOT NULL DEFAULT 0,
      cost_usd REAL NOT NULL DEFAULT 0,
      updated_at INTEGER NOT NULL
    )`,
    `CREATE TABLE session_fingerprints (
      session TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (session, fingerprint)
    )`,
    `CREATE TABLE approvals (
      id TEXT PRIMARY KEY,
      scope TEXT NOT NULL,
      session_id TEXT,
      agent_id TEXT,
      kind TEXT NOT NULL,
      subject TEXT NOT NULL,
      detail TEXT,
      requested_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      status TEXT NOT NULL,
      decided_at INTEGER,
      decided_by TEXT,
      reason TEXT
    )`,
    "CREATE INDEX approvals_pending ON approvals (status, expires_at)",
  ],
];

/** Runs the migrations this object has not run yet (migrateSqliteSchema). */
export function migrateAgentControl(storage: DurableObjectStorage): void {
  migrateSqliteSchema(storage, MIGRATIONS);
}
