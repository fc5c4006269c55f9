/**
 * Every budget and rate limit belongs to one scope, and each scope is one
 * `BudgetCounter` Durable Object reached with `getByName(budgetScopeName(…))`.
 * A request reserves in every scope it belongs to (its key, team, user, agent
 * and session), one round trip per scope.
 */
export const BUDGET_SCOPE_KINDS = ["key", "team", "user", "agent", "session"] as const;

export type BudgetScopeKind = (typeof BUDGET_SCOPE_KINDS)[number];

export interface BudgetScope {
  kind: BudgetScopeKind;
  /** The key's SHA-256 hash (never the key itself), or the team, user, agent or session id. */
  id: string;
}

/** `key:<hash>`, `team:<id>`, `user:<id>`, `agent:<id>`, `session:<id>`. */
export function budgetScopeName(scope: BudgetScope): string {
  if (scope.id === "") throw new Error(`empty ${scope.kind} id for a budget scope`);
  return `${scope.kind}:${scope.id}`;
}

/** The inverse of `budgetScopeName` (ids may contain colons); `undefined` for anything else. */
export function parseBudgetScopeName(name: string): BudgetScope | undefined {
  const separator = name.indexOf(":");
  if (separator <= 0 || separator === name.length - 1) return undefined;
  const kind = BUDGET_SCOPE_KINDS.find((candidate) => candidate === name.slice(0, separator));
  if (kind === undefined) return undefined;
  return { kind, id: name.slice(separator + 1) };
}
