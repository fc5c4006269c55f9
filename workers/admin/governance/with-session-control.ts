import type { Context } from "hono";
import type { SessionTrace } from "../../core/session/session-trace.ts";
import type { AdminHonoEnv } from "../admin-env.ts";

/**
 * A session trace with its governance state: `stopped` (reason, detail, by whom, when) when a kill switch
 * or the loop breaker stopped it, else null, from the agent's AgentControl object. Sessions without an
 * agent are never governed: null without a round trip.
 */
export async function withSessionControl(c: Context<AdminHonoEnv>, trace: SessionTrace) {
  if (trace.agentId === null) return { ...trace, stopped: null };
  const state = await c.env.GATEWAY.agentControl(trace.agentId).sessionState(trace.scope, trace.sessionId);
  const stop = state.stop;
  return {
    ...trace,
    stopped:
      stop === null
        ? null
        : { reason: stop.reason, detail: stop.detail, stoppedBy: stop.stoppedBy, stoppedAt: stop.stoppedAt },
  };
}
