import { AUDIT_LOG_NAME, type JsonValue } from "../../../durable-objects/audit-log-rpc.ts";
import type { CachedKey } from "../../core/auth/cached-key.ts";
import { redactSecrets } from "../../core/redaction/redact-secrets.ts";
import type { McpToolCallRecord } from "../../core/session/mcp-tool-call-record.ts";
import { sessionObjectName } from "../../core/session/session-scope.ts";

const MAX_AUDIT_ARGUMENT_CHARS = 2000;

/**
 * Records a settled tool call into the session's trace (AgentSession, raw arguments and result, scrubbed
 * there), and a denied one into the audit trail too; both off the response path. A failed write is
 * logged, never surfaced: the call's answer does not depend on its record.
 */
export function recordMcpToolCall(
  env: Env,
  waitUntil: (promise: Promise<unknown>) => void,
  record: McpToolCallRecord,
  audit: { key: CachedKey; requestId: string } | undefined,
): void {
  const session = env.AGENT_SESSION.getByName(sessionObjectName(record.scope, record.sessionId));
  waitUntil(
    session
      .recordMcpToolCall(record)
      .catch((error: unknown) => console.error("mcp tool call trace write failed", error)),
  );
  if (audit === undefined) return;
  waitUntil(
    appendMcpDenial(env, {
      action: "mcp_tool.denied",
      key: audit.key,
      requestId: audit.requestId,
      at: record.startedAt,
      target: `${record.server}/${record.tool}`,
      details: {
        server: record.server,
        tool: record.tool,
        decision: record.decision,
        reason: record.reason,
        policy_version: record.policyVersion,
        policy_rule: record.policyRule,
        session_id: record.sessionId,
        arguments: redactSecrets(record.arguments).text.slice(0, MAX_AUDIT_ARGUMENT_CHARS),
      },
    }).catch((error: unknown) => console.error("mcp tool denial audit failed", error)),
  );
}

export interface McpDenial {
  action: "mcp_tool.denied" | "mcp_server.denied";
  key: CachedKey;
  requestId: string;
  at: number;
  target: string;
  details: Record<string, JsonValue>;
}

/** One audit entry per refusal, keyed by the request so a retried append is written once. */
export async function appendMcpDenial(env: Env, denial: McpDenial): Promise<void> {
  const { key } = denial;
  await env.AUDIT_LOG.getByName(AUDIT_LOG_NAME).append({
    eventId: `mcp:${denial.requestId}`,
    at: denial.at,
    actor: { label: key.keyAlias ?? key.keyPrefix, role: key.agentId === null ? "key" : "agent", teamId: key.teamId },
    action: denial.action,
    target: { type: denial.action === "mcp_tool.denied" ? "mcp_tool" : "mcp_server", id: denial.target },
    teamId: key.teamId,
    details: {
      ...denial.details,
      key_name: key.keyPrefix,
      request_id: denial.requestId,
      ...(key.agentId === null ? {} : { agent_id: key.agentId }),
    },
  });
}
