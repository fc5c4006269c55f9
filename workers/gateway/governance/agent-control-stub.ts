import type { AgentControl } from "../../../durable-objects/agent-control.ts";
import { agentControlName } from "../../../durable-objects/agent-control-rpc.ts";

/** The AgentControl object governing an agent's traffic (or, for agentless traffic, its session scope). */
export function agentControlStub(env: Env, agentId: string | null, scope: string): DurableObjectStub<AgentControl> {
  return env.AGENT_CONTROL.getByName(agentControlName(agentId, scope));
}
