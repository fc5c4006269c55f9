import type { Context } from "hono";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { checkSessionControls } from "../governance/check-session-controls.ts";
import { governanceRefusal } from "../governance/governance-refusal-error.ts";
import { principalSessionScope } from "../session/principal-session-scope.ts";
import type { EgressAgent } from "./authenticate-egress-agent.ts";

/**
 * A stopped agent or key (POST /agents/:id/stop, /key/stop) reaches nothing outside either: every egress
 * request asks the agent's AgentControl object first, as governed model and tool calls do (one RPC; no
 * session, so only the stops apply and no loop-breaker step is counted). Refused with 403 and
 * `x-switchyard-governance`; an unreachable object fails closed (503).
 */
export async function checkEgressKillSwitch(c: Context<GatewayHonoEnv>, agent: EgressAgent, url: URL): Promise<void> {
  const principal = c.get("principal");
  const check = await checkSessionControls(
    c.env,
    {
      scope: principalSessionScope(principal),
      sessionId: null,
      agentId: agent.agentId,
      keyHash: principal.keyHash,
      event: { kind: "tool_call", server: "egress", tool: url.host, argumentsHash: "-" },
    },
    { limits: null },
  );
  if (!check.ok) throw governanceRefusal(check.reason, check.message);
}
