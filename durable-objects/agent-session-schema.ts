import { MCP_TOOL_CALLS_MIGRATION } from "./agent-session-mcp-calls.ts";
import { migrateSqliteSchema } from "./migrate-sqlite-schema.ts";

/**
 * AgentSession's SQLite schema, migrated in the constructor behind a version row. Every table is
 * append-only: a row is inserted once, keyed by what makes a retried write the same write (the request
 * id, the tool call id), and never updated.
 *
 *   schema_version(version)
 *   model_calls(request_id PK, …)   v1: one row per model call (span): usage, cost, latency, TTFT, status
 *                                    v2 adds: seq, provider, upstream_model, api_format, error_kind, stream,
 *                                    cache_hit, cache tokens, parameters (JSON), message_count, starts_turn,
 *                                    trace_policy, messages (JSON, `full` policy only), agent_id
 *   tool_calls(tool_call_id PK, …)   v2: a tool call the model made, seen when the client sent it back:
 *                                    name, raw arguments, the request that carried it, its message index
 *   tool_results(tool_call_id PK, …) v2: the result that came back for a tool call, and its error flag
 *   session_info(key PK, value)      v2: the session's public id and scope
 *   v3: model_calls.retention_days (the policy's days) and `expires_at` (epoch ms) on model_calls, tool_calls
 *       and tool_results: the object's alarm deletes rows past it (agent-session-retention.ts)
 *   tool_sets(hash PK, definition)  v4: the tools and tool choice calls offered (`full` policy only), once per
 *                                    distinct set, keyed by the SHA-256 of their JSON; model_calls.tool_set_hash
 *                                    names a call's set, model_calls.replay_of the span an admin replayed
 *
 *   mcp_tool_calls(call_id PK, …)   v5: tool calls the MCP gateway settled: server, tool, raw arguments and result,
 *                                    decision, reason, policy version and rule, approval id (agent-session-mcp-calls.ts)
 *
 * `seq` numbers rows in the order they were recorded; spans are ordered by the request's arrival time
 * (`started_at`), then `seq`, so a span recorded late still lands in its place.
 */
const MIGRATIONS: ReadonlyArray<readonly string[]> = [
  [
    `CREATE TABLE IF NOT EXISTS model_calls (
      request_id TEXT PRIMARY KEY,
      started_at INTEGER NOT NULL,
      model_group TEXT NOT NULL,
      deployment TEXT,
      status INTEGER NOT NULL,
      input_tokens INTEGER NOT NULL,
      output_tokens INTEGER NOT NULL,
      cost_usd REAL NOT NULL,
      latency_ms REAL NOT NULL,
      time_to_first_token_ms REAL
    )`,
  ],
  [
    "ALTER TABLE model_calls ADD COLUMN seq INTEGER NOT NULL DEFAULT 0",
    "UPDATE model_calls SET seq = rowid",
    "ALTER TABLE model_calls ADD COLUMN provider TEXT",
    "ALTER TABLE model_calls ADD COLUMN upstream_model TEXT",
    "ALTER TABLE model_calls ADD COLUMN api_format TEXT",
    "ALTER TABLE model_calls ADD COLUMN error_kind TEXT",
    "ALTER TABLE model_calls ADD COLUMN stream INTEGER",
    "ALTER TABLE model_calls ADD COLUMN cache_hit INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE model_calls ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE model_calls ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE model_calls ADD COLUMN parameters TEXT",
    "ALTER TABLE model_calls ADD COLUMN message_count INTEGER",
    "ALTER TABLE model_calls ADD COLUMN starts_turn INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE model_calls ADD COLUMN trace_policy TEXT",
    "ALTER TABLE model_calls ADD COLUMN messages TEXT",
    "ALTER TABLE model_calls ADD COLUMN agent_id TEXT",
    `CREATE TABLE tool_calls (
      tool_call_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      arguments TEXT,
      request_id TEXT NOT NULL,
      message_index INTEGER NOT NULL,
      seq INTEGER NOT NULL
    )`,
    `CREATE TABLE tool_results (
      tool_call_id TEXT PRIMARY KEY,
      tool_name TEXT,
      result TEXT,
      is_error INTEGER NOT NULL,
      request_id TEXT NOT NULL,
      seq INTEGER NOT NULL
    )`,
    "CREATE TABLE session_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
  ],
  [
    "ALTER TABLE model_calls ADD COLUMN retention_days INTEGER",
    "ALTER TABLE model_calls ADD COLUMN expires_at INTEGER",
    "ALTER TABLE tool_calls ADD COLUMN expires_at INTEGER",
    "ALTER TABLE tool_results ADD COLUMN expires_at INTEGER",
    // Rows recorded before retention existed get the default policy's 30 days.
    "UPDATE model_calls SET retention_days = 30, expires_at = started_at + 30 * 86400000",
    "UPDATE tool_calls SET expires_at = (SELECT expires_at FROM model_calls WHERE model_calls.request_id = tool_calls.request_id)",
    "UPDATE tool_results SET expires_at = (SELECT expires_at FROM model_calls WHERE model_calls.request_id = tool_results.request_id)",
    // Each write re-arms the alarm at the earliest expiry: an index lookup, not a scan of a long session.
    "CREATE INDEX model_calls_expires_at ON model_calls (expires_at)",
  ],
  [
    "ALTER TABLE model_calls ADD COLUMN tool_set_hash TEXT",
    "ALTER TABLE model_calls ADD COLUMN replay_of TEXT",
    "CREATE TABLE tool_sets (hash TEXT PRIMARY KEY, definition TEXT NOT NULL)",
  ],
  MCP_TOOL_CALLS_MIGRATION,
];

export const AGENT_SESSION_SCHEMA_VERSION = MIGRATIONS.length;

/** Runs the migrations this object has not run yet (migrateSqliteSchema). */
export function migrateAgentSession(storage: DurableObjectStorage): void {
  migrateSqliteSchema(storage, MIGRATIONS);
}
