import { DurableObject } from "cloudflare:workers";
import { auditEntryHash } from "./audit-entry-hash.ts";
import {
  type AuditAppendInput,
  type AuditAppendResult,
  type AuditEntry,
  type AuditListPage,
  type AuditListQuery,
  type AuditVerifyResult,
  auditAppendInputSchema,
  auditListQuerySchema,
  GENESIS_HASH,
  MAX_DETAILS_CHARS,
  parseAuditLogInput,
} from "./audit-log-rpc.ts";
import { canonicalJson } from "./canonical-json.ts";
import { migrateSqliteSchema } from "./migrate-sqlite-schema.ts";

/**
 * The tamper-evident audit trail (one instance, `AUDIT_LOG_NAME`). Every entry
 * stores the SHA-256 of its own fields and of the entry before it, so editing
 * or deleting a row breaks the chain from that row on, and `verify()` names it.
 * A chain needs one writer that sees the previous hash before it writes the
 * next: this object, with appends queued one after another inside it.
 *
 * What it cannot catch alone: someone able to rewrite the storage could
 * recompute every hash after an edit, or cut the newest entries. `verify()`
 * reports the head hash so operators can anchor it elsewhere.
 *
 * Storage (SQLite):
 *   schema_version(version)   — migrations run once per object, in the constructor
 *   entries(seq PK, event_id UNIQUE, at, actor_label, actor_role, actor_team, action, target_type, target_id,
 *           team_id, details, prev_hash, hash)
 *                             — the chain; `details` is canonical JSON; kept forever (audit has no retention)
 */
const MIGRATIONS: ReadonlyArray<readonly string[]> = [
  [
    `CREATE TABLE IF NOT EXISTS entries (
      seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, at INTEGER NOT NULL,
      actor_label TEXT NOT NULL, actor_role TEXT NOT NULL, actor_team TEXT,
      action TEXT NOT NULL, target_type TEXT NOT NULL, target_id TEXT, team_id TEXT,
      details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`,
    "CREATE INDEX IF NOT EXISTS entries_by_at ON entries (at)",
    "CREATE INDEX IF NOT EXISTS entries_by_team ON entries (team_id, seq)",
    "CREATE INDEX IF NOT EXISTS entries_by_target ON entries (target_type, target_id, seq)",
  ],
];
const VERIFY_CHUNK = 1000;

type EntryRow = {
  seq: number;
  event_id: string;
  at: number;
  actor_label: string;
  actor_role: string;
  actor_team: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  team_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
};

function hashFieldsOf(row: EntryRow) {
  return {
    seq: row.seq,
    eventId: row.event_id,
    at: row.at,
    actor: { label: row.actor_label, role: row.actor_role, teamId: row.actor_team },
    action: row.action,
    target: { type: row.target_type, id: row.target_id },
    teamId: row.team_id,
    detailsJson: row.details,
    prevHash: row.prev_hash,
  };
}

function entryOf(row: EntryRow): AuditEntry {
  return {
    seq: row.seq,
    eventId: row.event_id,
    at: row.at,
    actor: { label: row.actor_label, role: row.actor_role, teamId: row.actor_team },
    action: row.action,
    target: { type: row.target_type, id: row.target_id },
    teamId: row.team_id,
    detailsJson: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export class AuditLog extends DurableObject<Env> {
  /** Appends run one at a time: each must read the head the previous one wrote. */
  private appendQueue: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => this.migrate());
  }

  private migrate(): void {
    migrateSqliteSchema(this.ctx.storage, MIGRATIONS);
  }

  /** Appends one entry at the head of the chain; an event id already in it returns that entry (`duplicate`). */
  async append(input: AuditAppendInput): Promise<AuditAppendResult> {
    const event = parseAuditLogInput("append", auditAppendInputSchema, input);
    const detailsJson = canonicalJson(event.details);
    if (detailsJson.length > MAX_DETAILS_CHARS) {
      throw new TypeError(`AuditLog.append: invalid input: details: longer than ${MAX_DETAILS_CHARS} characters`);
    }
    const run = this.appendQueue.then(() => this.appendNow(event, detailsJson));
    this.appendQueue = run.catch(() => undefined);
    return run;
  }

  private async appendNow(event: AuditAppendInput, detailsJson: string): Promise<AuditAppendResult> {
    const sql = this.ctx.storage.sql;
    const existing = sql
      .exec<{ seq: number; hash: string }>("SELECT seq, hash FROM entries WHERE event_id = ?", event.eventId)
      .toArray()[0];
    if (existing !== undefined) return { ...existing, duplicate: true };
    const head = sql.exec<{ seq: number; hash: string }>("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1");
    const previous = head.toArray()[0];
    const seq = (previous?.seq ?? 0) + 1;
    const prevHash = previous?.hash ?? GENESIS_HASH;
    const hash = await auditEntryHash({ ...event, seq, detailsJson, prevHash });
    sql.exec(
      `INSERT INTO entries (seq, event_id, at, actor_label, actor_role, actor_team, action, target_type, target_id,
         team_id, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      seq,
      event.eventId,
      event.at,
      event.actor.label,
      event.actor.role,
      event.actor.teamId,
      event.action,
      event.target.type,
      event.target.id,
      event.teamId,
      detailsJson,
      prevHash,
      hash,
    );
    return { seq, hash, duplicate: false };
  }

  /** Newest first, filtered; pass the returned `nextCursor` as `cursor` for the next page. */
  async list(query: AuditListQuery): Promise<AuditListPage> {
    const filters = parseAuditLogInput("list", auditListQuerySchema, query);
    const conditions: string[] = [];
    const bindings: Array<string | number> = [];
    const where = (condition: string, ...values: Array<string | number>) => {
      conditions.push(condition);
      bindings.push(...values);
    };
    // substr rather than LIKE: action names contain `_`, a LIKE wildcard.
    if (filters.actionPrefix !== undefined) {
      where("substr(action, 1, ?) = ?", filters.actionPrefix.length, filters.actionPrefix);
    }
    if (filters.actor !== undefined) where("actor_label = ?", filters.actor);
    if (filters.targetType !== undefined) where("target_type = ?", filters.targetType);
    if (filters.targetId !== undefined) where("target_id = ?", filters.targetId);
    if (filters.teamId !== undefined) where("team_id = ?", filters.teamId);
    if (filters.from !== undefined) where("at >= ?", filters.from);
    if (filters.to !== undefined) where("at < ?", filters.to);
    if (filters.cursor !== undefined) where("seq < ?", filters.cursor);
    const clause = conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`;
    const rows = this.ctx.storage.sql
      .exec<EntryRow>(`SELECT * FROM entries ${clause} ORDER BY seq DESC LIMIT ?`, ...bindings, filters.limit + 1)
      .toArray();
    const page = rows.slice(0, filters.limit);
    const last = page.at(-1);
    return {
      entries: page.map(entryOf),
      nextCursor: rows.length > filters.limit && last !== undefined ? last.seq : null,
    };
  }

  /** Recomputes the chain from the first entry and reports the first one that does not hold. */
  async verify(): Promise<AuditVerifyResult> {
    let count = 0;
    let previous: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH };
    for (;;) {
      const rows = this.ctx.storage.sql
        .exec<EntryRow>("SELECT * FROM entries WHERE seq > ? ORDER BY seq LIMIT ?", previous.seq, VERIFY_CHUNK)
        .toArray();
      for (const row of rows) {
        const broken = (reason: "hash_mismatch" | "prev_hash_mismatch" | "seq_gap", expected: string, stored: string) =>
          ({ ok: false, count, seq: row.seq, reason, expected, stored }) as const;
        if (row.seq !== previous.seq + 1) return broken("seq_gap", String(previous.seq + 1), String(row.seq));
        if (row.prev_hash !== previous.hash) return broken("prev_hash_mismatch", previous.hash, row.prev_hash);
        const recomputed = await auditEntryHash(hashFieldsOf(row));
        if (recomputed !== row.hash) return broken("hash_mismatch", recomputed, row.hash);
        count++;
        previous = { seq: row.seq, hash: row.hash };
      }
      if (rows.length < VERIFY_CHUNK) return { ok: true, count, headSeq: previous.seq, headHash: previous.hash };
    }
  }
}
