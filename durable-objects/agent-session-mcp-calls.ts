import { redactSecrets } from "../workers/core/redaction/redact-secrets.ts";
import { parseRpcInput } from "../workers/core/rpc/parse-rpc-input.ts";
import {
  type McpToolCallDecision,
  type McpToolCallRecord,
  mcpToolCallRecordSchema,
  type TraceMcpToolCall,
} from "../workers/core/session/mcp-tool-call-record.ts";
import { truncateTraceText } from "../workers/core/session/trace-message.ts";
import { spanExpiresAt } from "./agent-session-retention.ts";

/** agent-session-schema.ts v5: tool calls the MCP gateway settled (workers/gateway/mcp-gateway/). */
export const MCP_TOOL_CALLS_MIGRATION: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS mcp_tool_calls (
    call_id TEXT PRIMARY KEY,
    started_at INTEGER NOT NULL,
    agent_id TEXT,
    server TEXT NOT NULL,
    tool TEXT NOT NULL,
    arguments TEXT NOT NULL,
    result TEXT,
    is_error INTEGER NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT,
    policy_version INTEGER NOT NULL,
    policy_rule INTEGER,
    approval_id TEXT,
    latency_ms REAL NOT NULL,
    seq INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  )`,
];

type McpToolCallRow = {
  call_id: string;
  started_at: number;
  agent_id: string | null;
  server: string;
  tool: string;
  arguments: string;
  result: string | null;
  is_error: number;
  decision: string;
  reason: string | null;
  policy_version: number;
  policy_rule: number | null;
  approval_id: string | null;
  latency_ms: number;
};

const keep = (text: string) => truncateTraceText(redactSecrets(text).text);

/** Inserts one call (a retried record with the same call id changes nothing); returns its expiry. */
export function insertMcpToolCall(
  sql: SqlStorage,
  seq: number,
  input: McpToolCallRecord,
): { inserted: boolean; expiresAt: number } {
  const record = parseRpcInput("AgentSession", "recordMcpToolCall", mcpToolCallRecordSchema, input);
  const expiresAt = spanExpiresAt(record.startedAt, record.retentionDays);
  const written = sql.exec(
    `INSERT INTO mcp_tool_calls (call_id, started_at, agent_id, server, tool, arguments, result, is_error, decision,
       reason, policy_version, policy_rule, approval_id, latency_ms, seq, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING`,
    record.callId,
    record.startedAt,
    record.agentId,
    record.server,
    record.tool,
    keep(record.arguments),
    record.result === null ? null : keep(record.result),
    record.isError ? 1 : 0,
    record.decision,
    record.reason,
    record.policyVersion,
    record.policyRule,
    record.approvalId,
    record.latencyMs,
    seq,
    expiresAt,
  ).rowsWritten;
  return { inserted: written > 0, expiresAt };
}

export function readMcpToolCalls(sql: SqlStorage): TraceMcpToolCall[] {
  return sql
    .exec<McpToolCallRow>("SELECT * FROM mcp_tool_calls ORDER BY started_at, seq")
    .toArray()
    .map((row) => ({
      callId: row.call_id,
      startedAt: row.started_at,
      agentId: row.agent_id,
      server: row.server,
      tool: row.tool,
      arguments: row.arguments,
      result: row.result,
      isError: row.is_error === 1,
      // Written by insertMcpToolCall from the schema's enum.
      decision: row.decision as McpToolCallDecision,
      reason: row.reason,
      policyVersion: row.policy_version,
      policyRule: row.policy_rule,
      approvalId: row.approval_id,
      latencyMs: row.latency_ms,
    }));
}
