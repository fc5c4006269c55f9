import { RpcTarget } from "cloudflare:workers";
import type { AgentControl } from "../../durable-objects/agent-control.ts";
import type {
  AgentControlState,
  ApprovalStatus,
  ApprovalView,
  ControlTarget,
  DecideApprovalInput,
  DecideApprovalResult,
  SessionControlState,
  StopInput,
} from "../../durable-objects/agent-control-rpc.ts";
import { agentControlStub } from "./governance/agent-control-stub.ts";

/**
 * One agent's governance state as the admin worker may use it: what `AdminRpc.agentControl(agentId)`
 * hands over RPC — kill switches, session state, approvals. The per-request check stays in the gateway.
 */
export class AgentControlAdmin extends RpcTarget {
  readonly #control: DurableObjectStub<AgentControl>;

  constructor(env: Env, agentId: string) {
    super();
    this.#control = agentControlStub(env, agentId, "");
  }

  async stop(input: StopInput): Promise<{ ok: true; alreadyStopped: boolean }> {
    return this.#control.stop(input);
  }

  async resume(target: ControlTarget): Promise<{ ok: true; wasStopped: boolean }> {
    return this.#control.resume(target);
  }

  async state(): Promise<AgentControlState> {
    return this.#control.state();
  }

  async sessionState(scope: string, sessionId: string): Promise<SessionControlState> {
    return this.#control.sessionState(scope, sessionId);
  }

  async listApprovals(status: ApprovalStatus | null, limit: number): Promise<ApprovalView[]> {
    return this.#control.listApprovals(status, limit);
  }

  async decideApproval(input: DecideApprovalInput): Promise<DecideApprovalResult> {
    return this.#control.decideApproval(input);
  }
}
