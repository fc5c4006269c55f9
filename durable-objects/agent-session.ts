import { DurableObject } from "cloudflare:workers";
import { redactSecrets } from "../workers/core/redaction/redact-secrets.ts";
import type { McpToolCallRecord } from "../workers/core/session/mcp-tool-call-record.ts";
import type { SessionCallEvent } from "../workers/core/session/session-call-event.ts";
import type { SessionReplaySourceResult } from "../workers/core/session/session-replay.ts";
import type { SessionTrace } from "../workers/core/session/session-trace.ts";
import { readTraceBodyPolicy } from "../workers/core/session/trace-body-policy.ts";
import { toTraceMessages, truncateTraceText } from "../workers/core/session/trace-message.ts";
import { insertMcpToolCall, readMcpToolCalls } from "./agent-session-mcp-calls.ts";
import { buildReplaySource } from "./agent-session-replay.ts";
import { armAlarmBy, spanExpiresAt, sweepExpiredSpans } from "./agent-session-retention.ts";
import { migrateAgentSession } from "./agent-session-schema.ts";
import { readToolSet, storeToolSet, toolSetHashOf } from "./agent-session-tool-sets.ts";
import { buildSessionTrace, type ModelCallRow, type ToolCallRow, type ToolResultRow } from "./agent-session-trace.ts";

export type { SessionTrace } from "../workers/core/session/session-trace.ts";

const redact = (text: string) => redactSecrets(text).text;

/**
 * One object per session, named `<scope>/<session id>` (workers/core/session/session-scope.ts). It only
 * records: streams stay in the stateless gateway worker, because objects are evicted on deploys. The
 * storage schema is in agent-session-schema.ts.
 */
export class AgentSession extends DurableObject<Env> {
  /** The last `seq` handed out; rows are numbered in the order they were recorded. */
  private seq = 0;
  /** False once a retention sweep deleted all storage (tables included); the next write recreates them. */
  private hasSchema = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => this.ensureSchema());
  }

  private ensureSchema(): void {
    if (this.hasSchema) return;
    migrateAgentSession(this.ctx.storage);
    this.hasSchema = true;
    this.seq =
      this.ctx.storage.sql
        .exec<{ seq: number | null }>(
          `SELECT max(seq) AS seq FROM (SELECT max(seq) AS seq FROM model_calls
           UNION ALL SELECT max(seq) FROM tool_calls UNION ALL SELECT max(seq) FROM tool_results
           UNION ALL SELECT max(seq) FROM mcp_tool_calls)`,
        )
        .one().seq ?? 0;
  }

  /**
   * Appends one model call with the tool calls and results its request carried, in one transaction.
   * A request id already recorded is a retry: nothing is written again (`duplicate: true`); a tool call
   * or result already recorded (a client resending history) is kept as first seen.
   */
  async recordCall(event: SessionCallEvent): Promise<{ ok: true; duplicate: boolean }> {
    const toolSetHash = await toolSetHashOf(event.toolDefinitions);
    this.ensureSchema();
    const sql = this.ctx.storage.sql;
    const { record, content } = event;
    const expiresAt = spanExpiresAt(record.startedAt, event.retentionDays);
    const keep = (text: string | null) => (text === null ? null : truncateTraceText(redact(text)));
    const duplicate = this.ctx.storage.transactionSync(() => {
      sql.exec(
        "INSERT INTO session_info (key, value) VALUES ('session_id', ?), ('scope', ?) ON CONFLICT (key) DO NOTHING",
        event.sessionId,
        event.scope,
      );
      storeToolSet(sql, toolSetHash, event.toolDefinitions);
      const messages =
        content?.newMessages === null || content?.newMessages === undefined
          ? null
          : JSON.stringify(
              toTraceMessages(
                content.system === null || content.system.length === 0
                  ? content.newMessages
                  : [{ role: "system", content: content.system }, ...content.newMessages],
                redact,
              ),
            );
      const inserted = sql.exec(
        `INSERT INTO model_calls (request_id, started_at, model_group, deployment, status, input_tokens, output_tokens,
           cost_usd, latency_ms, time_to_first_token_ms, seq, provider, upstream_model, api_format, error_kind, stream,
           cache_hit, cache_read_tokens, cache_write_tokens, parameters, message_count, starts_turn, trace_policy,
           messages, agent_id, retention_days, expires_at, tool_set_hash, replay_of)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (request_id) DO NOTHING`,
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
        ++this.seq,
        record.provider,
        record.upstreamModel,
        record.apiFormat,
        record.errorKind,
        record.stream ? 1 : 0,
        record.cacheHit ? 1 : 0,
        record.cacheReadTokens,
        record.cacheWriteTokens,
        content === null ? null : JSON.stringify(content.parameters),
        content?.messageCount ?? null,
        content?.startsTurn === true ? 1 : 0,
        event.tracePolicy,
        messages,
        record.agentId,
        event.retentionDays ?? null,
        expiresAt,
        toolSetHash,
        record.replayOf ?? null,
      );
      if (inserted.rowsWritten === 0) return true;
      for (const call of content?.toolCalls ?? []) {
        sql.exec(
          `INSERT INTO tool_calls (tool_call_id, name, arguments, request_id, message_index, seq, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tool_call_id) DO NOTHING`,
          call.id,
          call.name,
          keep(call.arguments),
          record.requestId,
          call.messageIndex,
          ++this.seq,
          expiresAt,
        );
      }
      for (const result of content?.toolResults ?? []) {
        sql.exec(
          `INSERT INTO tool_results (tool_call_id, tool_name, result, is_error, request_id, seq, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tool_call_id) DO NOTHING`,
          result.toolCallId,
          result.toolName,
          keep(result.result),
          result.isError ? 1 : 0,
          record.requestId,
          ++this.seq,
          expiresAt,
        );
      }
      return false;
    });
    // The earliest expiry of all rows, not just this call's: rows migrated from before v3 are covered too.
    const earliest = sql.exec<{ next: number | null }>("SELECT min(expires_at) AS next FROM model_calls").one().next;
    if (!duplicate && earliest !== null) await armAlarmBy(this.ctx.storage, earliest);
    return { ok: true, duplicate };
  }

  /**
   * Retention sweep: deletes the rows past their expiry and re-arms for the next one; a session left
   * empty deletes all its storage, so an abandoned session costs nothing. Safe to run twice.
   */
  override async alarm(): Promise<void> {
    if (!this.hasSchema) return;
    const now = Date.now();
    const { remaining, nextExpiresAt } = sweepExpiredSpans(this.ctx.storage, now);
    if (remaining > 0) {
      if (nextExpiresAt !== null) await armAlarmBy(this.ctx.storage, nextExpiresAt, now);
      return;
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.hasSchema = false;
    this.seq = 0;
  }

  /** Appends one tool call the MCP gateway settled (agent-session-mcp-calls.ts); a retried record is written once. */
  async recordMcpToolCall(record: McpToolCallRecord): Promise<{ ok: true; duplicate: boolean }> {
    this.ensureSchema();
    const sql = this.ctx.storage.sql;
    const { inserted, expiresAt } = this.ctx.storage.transactionSync(() => {
      sql.exec(
        "INSERT INTO session_info (key, value) VALUES ('session_id', ?), ('scope', ?) ON CONFLICT (key) DO NOTHING",
        record.sessionId,
        record.scope,
      );
      return insertMcpToolCall(sql, this.seq + 1, record);
    });
    if (inserted) {
      this.seq++;
      await armAlarmBy(this.ctx.storage, expiresAt);
    }
    return { ok: true, duplicate: !inserted };
  }

  /** The whole trace tree; empty (no turns) when nothing was recorded. */
  async getTrace(): Promise<SessionTrace> {
    this.ensureSchema();
    const sql = this.ctx.storage.sql;
    const info = new Map(
      sql
        .exec<{ key: string; value: string }>("SELECT key, value FROM session_info")
        .toArray()
        .map((row) => [row.key, row.value]),
    );
    const calls = sql.exec<ModelCallRow>("SELECT * FROM model_calls ORDER BY started_at, seq").toArray();
    const toolCalls = sql.exec<ToolCallRow>("SELECT * FROM tool_calls ORDER BY seq").toArray();
    const toolResults = sql.exec<ToolResultRow>("SELECT * FROM tool_results ORDER BY seq").toArray();
    const lastPolicy = calls.at(-1)?.trace_policy;
    const trace = buildSessionTrace({
      sessionId: info.get("session_id") ?? "",
      scope: info.get("scope") ?? "",
      tracePolicy: lastPolicy === null || lastPolicy === undefined ? null : readTraceBodyPolicy(lastPolicy),
      calls,
      toolCalls,
      toolResults,
    });
    return { ...trace, mcpToolCalls: readMcpToolCalls(sql) };
  }

  /** The request a recorded span sent, rebuilt for a replay (agent-session-replay.ts); read-only. */
  async replaySource(requestId: string): Promise<SessionReplaySourceResult> {
    this.ensureSchema();
    const sql = this.ctx.storage.sql;
    return buildReplaySource(
      {
        calls: sql.exec<ModelCallRow>("SELECT * FROM model_calls ORDER BY started_at, seq").toArray(),
        toolCalls: sql.exec<ToolCallRow>("SELECT * FROM tool_calls ORDER BY seq").toArray(),
        toolResults: sql.exec<ToolResultRow>("SELECT * FROM tool_results ORDER BY seq").toArray(),
        toolSet: (hash) => readToolSet(sql, hash),
      },
      requestId,
    );
  }
}
