import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { redactJsonSecrets } from "../workers/core/redaction/redact-json-secrets.ts";
import { findingKinds, redactSecrets } from "../workers/core/redaction/redact-secrets.ts";
import { blockRefusal, parseBlockSchema, violationSentence } from "./agent-memory/block-refusal.ts";
import { ftsMatchQuery } from "./agent-memory/fts-match-query.ts";
import { type JsonSchemaSubset, jsonSchemaSubsetSchema } from "./agent-memory/json-schema-subset.ts";
import { migrateAgentMemory } from "./agent-memory/migrate-agent-memory.ts";
import { validateJsonValue } from "./agent-memory/validate-json-value.ts";
import {
  blockNameSchema,
  type DeleteMemoryResult,
  type GetBlockResult,
  type ListMemoryInput,
  type ListMemoryResult,
  listMemoryInputSchema,
  MEMORY_LIMITS,
  type MemoryBlock,
  type MemoryRecord,
  openMcpSessionInputSchema,
  parseMemoryRpcInput,
  type SaveMemoryInput,
  type SaveMemoryResult,
  type SearchMemoryInput,
  type SearchMemoryResult,
  saveMemoryInputSchema,
  searchMemoryInputSchema,
  type TouchMcpSessionResult,
  touchMcpSessionInputSchema,
  type UpdateBlockInput,
  type UpdateBlockResult,
  updateBlockInputSchema,
} from "./agent-memory-rpc.ts";

type MemoryRow = { id: string; key: string | null; text: string; tags: string; created_at: number; updated_at: number };
type BlockRow = { name: string; schema: string; value: string; version: number; updated_at: number };

/** An MCP session not used for a day is forgotten; its client re-initializes on the 404. */
const MCP_SESSION_IDLE_MS = 86_400_000;
const DEFAULT_SEARCH_RESULTS = 10;
const DEFAULT_LIST_PAGE = 50;

/**
 * One object per agent id (`AGENT_MEMORY.getByName(agentId)`): every session
 * of the agent shares it, and no agent can name another's, because callers
 * take the id from the agent's key, never from a request body. Memories are
 * scrubbed of secrets before they are stored (workers/core/redaction/), and
 * searched with SQLite FTS5 ranked by bm25. Blocks are named JSON values
 * kept valid against their JSON schema. Storage: see
 * durable-objects/agent-memory/migrate-agent-memory.ts.
 */
export class AgentMemory extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => migrateAgentMemory(ctx.storage));
  }

  /** Stores a scrubbed memory; with a `key`, replaces that memory's text (and its tags, when given). */
  async saveMemory(input: SaveMemoryInput): Promise<SaveMemoryResult> {
    const request = parseMemoryRpcInput("saveMemory", saveMemoryInputSchema, input);
    const text = redactSecrets(request.text);
    const key = request.key === undefined ? undefined : redactSecrets(request.key);
    const tags = request.tags?.map((tag) => redactSecrets(tag));
    const redactions = findingKinds([
      ...text.findings,
      ...(key?.findings ?? []),
      ...(tags?.flatMap((tag) => tag.findings) ?? []),
    ]);
    const tagList = tags === undefined ? undefined : [...new Set(tags.map((tag) => tag.text))];
    return this.ctx.storage.transactionSync((): SaveMemoryResult => {
      const now = Date.now();
      const existing = key === undefined ? undefined : this.memoryWhere("key = ?", key.text);
      if (existing !== undefined) {
        const updatedTags = tagList === undefined ? existing.tags : JSON.stringify(tagList);
        this.sql.exec(
          "UPDATE memories SET text = ?, tags = ?, updated_at = ? WHERE id = ?",
          text.text,
          updatedTags,
          now,
          existing.id,
        );
        const memory = toRecord({ ...existing, text: text.text, tags: updatedTags, updated_at: now });
        return { ok: true, id: existing.id, created: false, redactions, memory };
      }
      const count = this.sql.exec<{ count: number }>("SELECT count(*) AS count FROM memories").one().count;
      if (count >= MEMORY_LIMITS.memories) return { ok: false, reason: "memory_full", limit: MEMORY_LIMITS.memories };
      const row: MemoryRow = {
        id: crypto.randomUUID(),
        key: key?.text ?? null,
        text: text.text,
        tags: JSON.stringify(tagList ?? []),
        created_at: now,
        updated_at: now,
      };
      this.sql.exec(
        "INSERT INTO memories (id, key, text, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        row.id,
        row.key,
        row.text,
        row.tags,
        row.created_at,
        row.updated_at,
      );
      return { ok: true, id: row.id, created: true, redactions, memory: toRecord(row) };
    });
  }

  /** Full-text search, best bm25 match first; with `tags`, only memories carrying all of them. */
  async searchMemory(input: SearchMemoryInput): Promise<SearchMemoryResult> {
    const request = parseMemoryRpcInput("searchMemory", searchMemoryInputSchema, input);
    const match = ftsMatchQuery(request.query);
    if (match === undefined) return { ok: true, results: [] };
    const tags = request.tags ?? [];
    const rows = this.sql
      .exec<MemoryRow & { rank: number }>(
        `SELECT m.id, m.key, m.text, m.tags, m.created_at, m.updated_at, bm25(memory_fts) AS rank
         FROM memory_fts JOIN memories AS m ON m.seq = memory_fts.rowid
         WHERE memory_fts MATCH ? ${tags.length === 0 ? "" : `AND ${TAGS_FILTER}`}
         ORDER BY rank, m.updated_at DESC LIMIT ?`,
        match,
        ...(tags.length === 0 ? [] : [JSON.stringify(tags), new Set(tags).size]),
        request.limit ?? DEFAULT_SEARCH_RESULTS,
      )
      .toArray();
    return { ok: true, results: rows.map((row) => ({ ...toRecord(row), score: -row.rank })) };
  }

  /** Newest first; with `tags`, only memories carrying all of them. */
  async listMemory(input: ListMemoryInput): Promise<ListMemoryResult> {
    const request = parseMemoryRpcInput("listMemory", listMemoryInputSchema, input);
    const tags = request.tags ?? [];
    const filter = tags.length === 0 ? "" : `WHERE ${TAGS_FILTER}`;
    const filterBindings = tags.length === 0 ? [] : [JSON.stringify(tags), new Set(tags).size];
    const rows = this.sql
      .exec<MemoryRow>(
        `SELECT id, key, text, tags, created_at, updated_at FROM memories AS m ${filter}
         ORDER BY updated_at DESC, seq DESC LIMIT ? OFFSET ?`,
        ...filterBindings,
        request.limit ?? DEFAULT_LIST_PAGE,
        request.offset ?? 0,
      )
      .toArray();
    const total = this.sql
      .exec<{ total: number }>(`SELECT count(*) AS total FROM memories AS m ${filter}`, ...filterBindings)
      .one().total;
    return { ok: true, memories: rows.map(toRecord), total };
  }

  async deleteMemory(id: string): Promise<DeleteMemoryResult> {
    const cursor = this.sql.exec("DELETE FROM memories WHERE id = ?", id);
    return cursor.rowsWritten > 0 ? { ok: true } : { ok: false, reason: "not_found" };
  }

  async getBlock(name: string): Promise<GetBlockResult> {
    parseMemoryRpcInput("getBlock", blockNameSchema, name);
    const row = this.sql.exec<BlockRow>("SELECT * FROM memory_blocks WHERE name = ?", name).toArray()[0];
    return row === undefined ? { ok: false, reason: "not_found" } : { ok: true, block: toBlock(row) };
  }

  /**
   * Replaces a block's value, and its schema when one is given (a new block
   * needs one). The value is scrubbed of secrets first, then validated, so
   * what is stored always satisfies the stored schema.
   */
  async updateBlock(input: UpdateBlockInput): Promise<UpdateBlockResult> {
    const request = parseMemoryRpcInput("updateBlock", updateBlockInputSchema, input);
    let schema: JsonSchemaSubset | undefined;
    if (request.schema !== undefined) {
      const parsed = parseBlockSchema(request.schema);
      if (!parsed.ok) return parsed;
      schema = parsed.schema;
    }
    const scrubbed = redactJsonSecrets(request.value);
    const value = scrubbed.value as z.core.util.JSONType;
    const valueText = JSON.stringify(value);
    if (valueText.length > MEMORY_LIMITS.blockValueChars) {
      return blockRefusal(
        "invalid_value",
        "value",
        `must be at most ${MEMORY_LIMITS.blockValueChars} characters as JSON`,
      );
    }
    return this.ctx.storage.transactionSync((): UpdateBlockResult => {
      const existing = this.sql.exec<BlockRow>("SELECT * FROM memory_blocks WHERE name = ?", request.name).toArray()[0];
      const effectiveSchema = schema ?? (existing === undefined ? undefined : storedSchema(existing));
      if (effectiveSchema === undefined) {
        return blockRefusal("schema_required", "schema", "a new memory block needs a JSON schema");
      }
      const violations = validateJsonValue(value, effectiveSchema);
      const first = violations[0];
      if (first !== undefined) {
        return { ok: false, reason: "invalid_value", path: first.path, message: violationSentence(first), violations };
      }
      const block: MemoryBlock = {
        name: request.name,
        schema: { ...effectiveSchema },
        value,
        version: (existing?.version ?? 0) + 1,
        updatedAt: Date.now(),
      };
      this.sql.exec(
        `INSERT INTO memory_blocks (name, schema, value, version, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET schema = excluded.schema, value = excluded.value,
           version = excluded.version, updated_at = excluded.updated_at`,
        block.name,
        JSON.stringify(block.schema),
        valueText,
        block.version,
        block.updatedAt,
      );
      return { ok: true, created: existing === undefined, redactions: scrubbed.kinds, block };
    });
  }

  /** Starts an MCP session (protocol revisions with `initialize`); idle ones are pruned on the way. */
  async openMcpSession(input: z.input<typeof openMcpSessionInputSchema>): Promise<{ sessionId: string }> {
    const { protocolVersion, clientName, now } = parseMemoryRpcInput(
      "openMcpSession",
      openMcpSessionInputSchema,
      input,
    );
    const sessionId = crypto.randomUUID();
    this.sql.exec("DELETE FROM mcp_sessions WHERE last_seen_at <= ?", now - MCP_SESSION_IDLE_MS);
    this.sql.exec(
      "INSERT INTO mcp_sessions (id, protocol_version, client_name, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
      sessionId,
      protocolVersion,
      clientName,
      now,
      now,
    );
    return { sessionId };
  }

  /** The session's negotiated protocol version, refreshing its idle timer; not_found once it idled out. */
  async touchMcpSession(input: z.input<typeof touchMcpSessionInputSchema>): Promise<TouchMcpSessionResult> {
    const { sessionId, now } = parseMemoryRpcInput("touchMcpSession", touchMcpSessionInputSchema, input);
    const row = this.sql
      .exec<{ protocol_version: string; last_seen_at: number }>(
        "SELECT protocol_version, last_seen_at FROM mcp_sessions WHERE id = ?",
        sessionId,
      )
      .toArray()[0];
    if (row === undefined) return { ok: false, reason: "not_found" };
    if (row.last_seen_at <= now - MCP_SESSION_IDLE_MS) {
      this.sql.exec("DELETE FROM mcp_sessions WHERE id = ?", sessionId);
      return { ok: false, reason: "not_found" };
    }
    this.sql.exec("UPDATE mcp_sessions SET last_seen_at = ? WHERE id = ?", now, sessionId);
    return { ok: true, protocolVersion: row.protocol_version };
  }

  async closeMcpSession(sessionId: string): Promise<{ closed: boolean }> {
    return { closed: this.sql.exec("DELETE FROM mcp_sessions WHERE id = ?", sessionId).rowsWritten > 0 };
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  private memoryWhere(condition: string, binding: string): MemoryRow | undefined {
    return this.sql
      .exec<MemoryRow>(`SELECT id, key, text, tags, created_at, updated_at FROM memories WHERE ${condition}`, binding)
      .toArray()[0];
  }
}

/** Memories carrying every tag of the JSON array bound first; the second binding is how many distinct tags it has. */
const TAGS_FILTER =
  "(SELECT count(DISTINCT value) FROM json_each(m.tags) WHERE value IN (SELECT value FROM json_each(?))) = ?";

function toRecord(row: MemoryRow): MemoryRecord {
  return {
    id: row.id,
    key: row.key,
    text: row.text,
    tags: z.array(z.string()).parse(JSON.parse(row.tags)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function storedSchema(row: BlockRow): JsonSchemaSubset {
  return jsonSchemaSubsetSchema.parse(JSON.parse(row.schema));
}

function toBlock(row: BlockRow): MemoryBlock {
  return {
    name: row.name,
    schema: z.record(z.string(), z.json()).parse(JSON.parse(row.schema)),
    value: z.json().parse(JSON.parse(row.value)),
    version: row.version,
    updatedAt: row.updated_at,
  };
}
