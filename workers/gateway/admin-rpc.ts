import { WorkerEntrypoint } from "cloudflare:workers";
import type { SessionTrace } from "../../durable-objects/agent-session.ts";
import type { AuditAppendInput, AuditListQuery } from "../../durable-objects/audit-log-rpc.ts";
import { type DeploymentHealthRecord, ROUTING_HEALTH_NAME } from "../../durable-objects/routing-health-rpc.ts";
import type { SessionReplayResult } from "../core/session/session-replay.ts";
import { sessionObjectName } from "../core/session/session-scope.ts";
import { appendAuditEntry, listAuditEntries, verifyAuditChain } from "./admin-rpc-audit.ts";
import { AgentControlAdmin } from "./agent-control-admin.ts";
import { AgentMemoryAdmin } from "./agent-memory-admin.ts";
import { type ReplaySpanInput, replaySessionSpan } from "./session/replay-session-span.ts";

/**
 * The one surface through which the admin worker reaches the gateway's
 * Durable Objects (service binding with `entrypoint = "AdminRpc"`). Expected
 * failures are values, not exceptions.
 */
export class AdminRpc extends WorkerEntrypoint<Env> {
  /**
   * A session's trace tree, from its Durable Object. The caller names the scope (from the D1 session
   * index, or checked against the admin's role), so a public session id alone reaches nothing.
   */
  async getSessionTrace(
    scope: string,
    sessionId: string,
  ): Promise<{ ok: true; trace: SessionTrace } | { ok: false; reason: "not_found" }> {
    const trace = await this.env.AGENT_SESSION.getByName(sessionObjectName(scope, sessionId)).getTrace();
    if (trace.totals.modelCalls === 0 && (trace.mcpToolCalls ?? []).length === 0)
      return { ok: false, reason: "not_found" };
    return { ok: true, trace: { ...trace, sessionId, scope } };
  }

  /** Re-sends a recorded span through the gateway as the admin key's own request (session/replay-session-span.ts). */
  async replaySessionSpan(input: ReplaySpanInput): Promise<SessionReplayResult> {
    return replaySessionSpan(this.env, (promise) => this.ctx.waitUntil(promise), input);
  }

  /** What RoutingHealth knows per deployment: running cooldowns, the last `windowMinutes` of outcomes, last errors. */
  async getDeploymentHealth(windowMinutes: number): Promise<DeploymentHealthRecord[]> {
    return this.env.ROUTING_HEALTH.getByName(ROUTING_HEALTH_NAME).deploymentHealth({ now: Date.now(), windowMinutes });
  }

  /** The audit trail (workers/gateway/admin-rpc-audit.ts): append an admin action, list, verify the chain. */
  async appendAudit(input: AuditAppendInput) {
    return appendAuditEntry(this.env, input);
  }
  async listAudit(query: AuditListQuery) {
    return listAuditEntries(this.env, query);
  }
  async verifyAudit() {
    return verifyAuditChain(this.env);
  }

  /** One agent's kill switches, session loop-breaker state and approvals (workers/gateway/agent-control-admin.ts). */
  agentControl(agentId: string): AgentControlAdmin {
    return new AgentControlAdmin(this.env, agentId);
  }

  /** One agent's memory and blocks (workers/gateway/agent-memory-admin.ts), reached by the agent's id. */
  agentMemory(agentId: string): AgentMemoryAdmin {
    return new AgentMemoryAdmin(this.env, agentId);
  }
}
