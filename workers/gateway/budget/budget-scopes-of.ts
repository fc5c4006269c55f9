import type { ScopeLimits } from "../../core/auth/cached-key.ts";
import type { BudgetScope } from "../../core/budget/budget-scope.ts";
import type { Principal } from "../gateway-env.ts";

export interface LimitedScope {
  scope: BudgetScope;
  limits: ScopeLimits;
  /** How the caller's error names the scope: `key sk-abc…`, `team t-1`. */
  label: string;
}

function hasLimits(limits: ScopeLimits): boolean {
  return (
    limits.maxBudgetUsd !== null ||
    limits.rpmLimit !== null ||
    limits.tpmLimit !== null ||
    limits.maxParallelRequests !== null
  );
}

/**
 * The scopes a request must pass: its key, team, user and agent — each only
 * when it sets a limit, so an unlimited key costs no Durable Object round trip.
 * The master key has none. An agent's scope is shared by all the agent's keys.
 */
export function budgetScopesOf(principal: Principal): LimitedScope[] {
  if (principal.kind !== "virtual") return [];
  const { key } = principal;
  const scopes: LimitedScope[] = [];
  if (hasLimits(key.limits.key)) {
    scopes.push({
      scope: { kind: "key", id: key.tokenHash },
      limits: key.limits.key,
      label: `key ${key.keyAlias ?? key.keyPrefix}`,
    });
  }
  if (key.teamId !== null && key.limits.team !== null && hasLimits(key.limits.team)) {
    scopes.push({ scope: { kind: "team", id: key.teamId }, limits: key.limits.team, label: `team ${key.teamId}` });
  }
  if (key.userId !== null && key.limits.user !== null && hasLimits(key.limits.user)) {
    scopes.push({ scope: { kind: "user", id: key.userId }, limits: key.limits.user, label: `user ${key.userId}` });
  }
  if (key.agentId !== null && key.limits.agent !== null && hasLimits(key.limits.agent)) {
    scopes.push({ scope: { kind: "agent", id: key.agentId }, limits: key.limits.agent, label: `agent ${key.agentId}` });
  }
  return scopes;
}
