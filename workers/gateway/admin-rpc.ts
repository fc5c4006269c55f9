import { WorkerEntrypoint } from "cloudflare:workers";
import type { SessionTrace } from "../../durable-objects/agent-session.ts";
import { type DeploymentHealthRecord, ROUTING_HEALTH_NAME } from "../../durable-objects/routing-health-rpc.ts";

/**
 * The one surface through which the admin worker reaches the gateway's
 * Durable Objects (service binding with `entrypoint = "AdminRpc"`). Expected
 * failures are values, not exceptions.
 */
export class AdminRpc extends WorkerEntrypoint<Env> {
  async getSessionTrace(
    sessionId: string,
  ): Promise<{ ok: true; trace: SessionTrace } | { ok: false; reason: "not_found" }> {
    const trace = await this.env.AGENT_SESSION.getByName(sessionId).getTrace();
    if (trace.modelCalls.length === 0) return { ok: false, reason: "not_found" };
    return { ok: true, trace: { ...trace, sessionId } };
  }

  /** What RoutingHealth knows per deployment: running cooldowns, the last `windowMinutes` of outcomes, last errors. */
  async getDeploymentHealth(windowMinutes: number): Promise<DeploymentHealthRecord[]> {
    return this.env.ROUTING_HEALTH.getByName(ROUTING_HEALTH_NAME).deploymentHealth({ now: Date.now(), windowMinutes });
  }
}
