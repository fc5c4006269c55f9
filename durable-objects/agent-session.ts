import { DurableObject } from "cloudflare:workers";
import type { SpendRecord } from "../workers/core/spend/spend-record.ts";

/**
 * One object per session id (Claude Code's `x-claude-code-session-id`,
 * OpenCode's `x-session-id`, …). It only records: streams stay in the
 * stateless gateway worker, because objects are evicted on deploys.
 *
 * Storage (SQLite):
 *   schema_version(version)            — migrations run once per object, in the constructor
 *   model_calls(request_id PRIMARY KEY, …) — one row per model call; the key makes re-delivery idempotent
 */
export interface ModelCallSpan {
  requestId: string;
  startedAt: number;
  modelGroup: string;
  deployment: string | null;
  status: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
}

export interface SessionTrace {
  sessionId: string;
  modelCalls: ModelCallSpan[];
  totals: { modelCalls: number; inputTokens: number; outputTokens: number; costUsd: number };
}

const SCHEMA_VERSION = 1;

export class AgentSession extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => this.migrate());
  }

  private migrate(): void {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    const current =
      sql.exec<{ version: number }>("SELECT max(version) AS version FROM schema_version").one().version ?? 0;
    if (current >= SCHEMA_VERSION) return;
    sql.exec(`CREATE TABLE IF NOT EXISTS model_calls (
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
    )`);
    sql.exec("INSERT INTO schema_version (version) VALUES (?)", SCHEMA_VERSION);
  }

  /** Appends a model call; a repeated request id is ignored (`duplicate: true`). */
  async recordModelCall(record: SpendRecord): Promise<{ ok: true; duplicate: boolean }> {
    if (record.sessionId !== null) await this.ctx.storage.put("sessionId", record.sessionId);
    const cursor = this.ctx.storage.sql.exec(
      `INSERT INTO model_calls (request_id, started_at, model_group, deployment, status, input_tokens, output_tokens, cost_usd, latency_ms, time_to_first_token_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING`,
      record.requestId,
      record.startedAt,
      record.modelGroup,
      record.deployment,
      record.status,
      record.inputTokens,
      record.outputTokens,
      record.costUsd,
      record.latencyMs,
      record.timeToFirstTokenMs,
    );
    return { ok: true, duplicate: cursor.rowsWritten === 0 };
  }

  async getTrace(): Promise<SessionTrace> {
    const rows = this.ctx.storage.sql
      .exec<{
        request_id: string;
        started_at: number;
        model_group: string;
        deployment: string | null;
        status: number;
        input_tokens: number;
        output_tokens: number;
        cost_usd: number;
        latency_ms: number;
        time_to_first_token_ms: number | null;
      }>("SELECT * FROM model_calls ORDER BY started_at, request_id")
      .toArray();
    const modelCalls = rows.map((row) => ({
      requestId: row.request_id,
      startedAt: row.started_at,
      modelGroup: row.model_group,
      deployment: row.deployment,
      status: row.status,
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      costUsd: row.cost_usd,
      latencyMs: row.latency_ms,
      timeToFirstTokenMs: row.time_to_first_token_ms,
    }));
    const sessionId = (await this.ctx.storage.get<string>("sessionId")) ?? "";
    return {
      sessionId,
      modelCalls,
      totals: {
        modelCalls: modelCalls.length,
        inputTokens: modelCalls.reduce((sum, call) => sum + call.inputTokens, 0),
        outputTokens: modelCalls.reduce((sum, call) => sum + call.outputTokens, 0),
        costUsd: modelCalls.reduce((sum, call) => sum + call.costUsd, 0),
      },
    };
  }
}
