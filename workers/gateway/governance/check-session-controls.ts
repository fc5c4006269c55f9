import type { SessionLimits } from "../../core/governance/agent-governance.ts";
import type { SessionControlResult } from "../../core/governance/session-control-refusal.ts";
import { gatewayKeyCache } from "../key-cache.ts";
import { agentControlStub } from "./agent-control-stub.ts";
import { governanceUnavailable } from "./governance-refusal-error.ts";

export type { SessionControlReason, SessionControlResult } from "../../core/governance/session-control-refusal.ts";

export type SessionControlEvent =
  | { kind: "tool_call"; server: string; tool: string; argumentsHash: string }
  | { kind: "model_call"; requestHash: string; estimatedCostUsd: number | null };

export interface SessionControlInput {
  scope: string;
  /** Null for a model call outside any session: only the agent's and key's kill switches apply. */
  sessionId: string | null;
  agentId: string | null;
  keyHash: string;
  event: SessionControlEvent;
}

export interface SessionControlOptions {
  /** The agent's session limits when the caller has them at hand; else read from the isolate's key cache. */
  limits?: SessionLimits | null;
}

/**
 * The kill switches and loop breaker, checked before a governed model call or tool call runs: one RPC to
 * the agent's AgentControl object, which counts the step in the same transaction, so concurrent requests
 * of one session cannot slip past a limit together. A refusal is a value; the caller renders it (403,
 * `x-should-retry: false`, governance-refusal-error.ts). An unreachable object fails closed (503).
 */
export async function checkSessionControls(
  env: Env,
  input: SessionControlInput,
  options: SessionControlOptions = {},
): Promise<SessionControlResult> {
  const limits = options.limits !== undefined ? options.limits : await cachedLimits(env, input.keyHash);
  try {
    return await agentControlStub(env, input.agentId, input.scope).check({
      scope: input.scope,
      sessionId: input.sessionId,
      keyHash: input.keyHash,
      event: input.event,
      limits,
    });
  } catch (error) {
    throw governanceUnavailable(error);
  }
}

async function cachedLimits(env: Env, keyHash: string): Promise<SessionLimits | null> {
  // The key was authenticated moments ago, so this is an isolate cache hit; a background refresh it may
  // start carries its own error handling.
  const key = await gatewayKeyCache.get(keyHash, env, () => {});
  return key?.governance?.sessionLimits ?? null;
}
