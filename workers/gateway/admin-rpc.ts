import { WorkerEntrypoint } from "cloudflare:workers";
import type { SessionTrace } from "../../durable-objects/agent-session.ts";

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
}
