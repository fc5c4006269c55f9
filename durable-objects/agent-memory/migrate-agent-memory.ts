import { migrateSqliteSchema } from "../migrate-sqlite-schema.ts";

/**
 * Storage of an AgentMemory object (SQLite), created once per object:
 *   schema_version(version)
 *   memories(seq PK, id UNIQUE, key UNIQUE NULL, text, tags JSON array, created_at, updated_at)
 *                         — saved memories; `seq` is the FTS rowid, `id` what callers see, `key` the upsert handle
 *   memory_fts            — FTS5 index over memories(text, tags), external content kept in step by triggers;
 *                           `porter unicode61` so "preferences" finds "preferred"
 *   memory_blocks(name PK, schema JSON, value JSON, version, updated_at)
 *                         — structured blocks; every update bumps `version`
 *   mcp_sessions(id PK, protocol_version, client_name, created_at, last_seen_at)
 *                         — sessions of the /mcp/memory endpoint (protocol revisions up to 2025-11-25)
 */
const MIGRATIONS: ReadonlyArray<readonly string[]> = [
  [
    `CREATE TABLE IF NOT EXISTS memories (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, key TEXT UNIQUE, text TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
    "CREATE INDEX IF NOT EXISTS memories_by_update ON memories (updated_at)",
    `CREATE VIRTUAL TABLE IF NOT EXISTS memory_fts USING fts5(
    text, tags, content = 'memories', content_rowid = 'seq', tokenize = 'porter unicode61')`,
    `CREATE TRIGGER IF NOT EXISTS memories_after_insert AFTER INSERT ON memories BEGIN
    INSERT INTO memory_fts (rowid, text, tags) VALUES (new.seq, new.text, new.tags);
  END`,
    `CREATE TRIGGER IF NOT EXISTS memories_after_delete AFTER DELETE ON memories BEGIN
    INSERT INTO memory_fts (memory_fts, rowid, text, tags) VALUES ('delete', old.seq, old.text, old.tags);
  END`,
    `CREATE TRIGGER IF NOT EXISTS memories_after_update AFTER UPDATE ON memories BEGIN
    INSERT INTO memory_fts (memory_fts, rowid, text, tags) VALUES ('delete', old.seq, old.text, old.tags);
    INSERT INTO memory_fts (rowid, text, tags) VALUES (new.seq, new.text, new.tags);
  END`,
    `CREATE TABLE IF NOT EXISTS memory_blocks (
    name TEXT PRIMARY KEY, schema TEXT NOT NULL, value TEXT NOT NULL, version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS mcp_sessions (
    id TEXT PRIMARY KEY, protocol_version TEXT NOT NULL, client_name TEXT, created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL)`,
    "CREATE INDEX IF NOT EXISTS mcp_sessions_by_last_seen ON mcp_sessions (last_seen_at)",
  ],
];

export function migrateAgentMemory(storage: DurableObjectStorage): void {
  migrateSqliteSchema(storage, MIGRATIONS);
}
