import type { AgentGovernance } from "../governance/agent-governance.ts";
import type { TracePolicy } from "../session/trace-policy.ts";

/** What the gateway keeps in its isolate cache for a virtual key: the key's row joined with its team, user and agent. */
export interface ScopeLimits {
  maxBudgetUsd: number | null;
  budgetDuration: string | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  maxParallelRequests: number | null;
  /** IANA zone of the budget windows; absent = UTC. */
  timezone?: string;
  /** A scope with a budget refuses requests it cannot price unless this says `allow`. */
  unknownPrice?: "refuse" | "allow";
  /** `strict` (default): reserve before the call; `fast`: check a cached balance, settle after. */
  budgetMode?: "strict" | "fast";
}

export interface CachedKey {
  tokenHash: string;
  keyPrefix: string;
  keyAlias: string | null;
  teamId: string | null;
  userId: string | null;
  agentId: string | null;
  /** Model groups this key may use; empty means all (within the team's list). */
  models: string[];
  teamModels: string[];
  blocked: boolean;
  teamBlocked: boolean;
  expiresAt: number | null;
  role: "admin" | "team_admin" | "viewer" | null;
  /** `agent`: the registered agent's limits, shared by all its keys (null when the key names no registered agent). */
  limits: { key: ScopeLimits; team: ScopeLimits | null; user: ScopeLimits | null; agent: ScopeLimits | null };
  /** The registered agent's session trace policy; null when the key names no registered agent (gateway default). */
  tracePolicy: TracePolicy | null;
  /** The registered agent's loop breaker, approval settings and kill switch; null when it has none (or no agent). */
  governance: AgentGovernance | null;
}

/** LiteLLM's wildcards for "every model": an empty list, `*`, or `all-team-models` on a key. */
function allowsAll(models: string[]): boolean {
  return models.length === 0 || models.includes("*") || models.includes("all-team-models");
}

/** A key may use a model group only if both its own list and its team's list allow it. */
export function keyAllowsModel(key: CachedKey, modelGroup: string): boolean {
  const keyAllows = allowsAll(key.models) || key.models.includes(modelGroup);
  const teamAllows = allowsAll(key.teamModels) || key.teamModels.includes(modelGroup);
  return keyAllows && teamAllows;
}
