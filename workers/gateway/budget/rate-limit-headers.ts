import type { ScopeLimits } from "../../core/auth/cached-key.ts";
import type { ReserveResult } from "../../core/budget/budget-counter-rpc.ts";

interface ScopeState {
  limits: ScopeLimits;
  granted: Extract<ReserveResult, { ok: true }> | undefined;
}

/**
 * OpenAI's `x-ratelimit-{limit,remaining}-{requests,tokens}` (what SDKs and
 * LiteLLM users read) for the tightest of the request's scopes, and
 * `x-switchyard-budget-remaining`: the smallest budget left, in USD.
 */
export function rateLimitHeaders(scopes: ScopeState[]): Record<string, string> {
  const headers: Record<string, string> = {};
  let requests: { limit: number; remaining: number } | undefined;
  let tokens: { limit: number; remaining: number } | undefined;
  let budgetRemaining: number | undefined;
  for (const { limits, granted } of scopes) {
    if (granted === undefined) continue;
    if (limits.rpmLimit !== null && granted.requestsRemaining !== null) {
      if (requests === undefined || granted.requestsRemaining < requests.remaining)
        requests = { limit: limits.rpmLimit, remaining: granted.requestsRemaining };
    }
    if (limits.tpmLimit !== null && granted.tokensRemaining !== null) {
      if (tokens === undefined || granted.tokensRemaining < tokens.remaining)
        tokens = { limit: limits.tpmLimit, remaining: granted.tokensRemaining };
    }
    if (granted.remainingUsd !== null) budgetRemaining = Math.min(budgetRemaining ?? Infinity, granted.remainingUsd);
  }
  if (requests !== undefined) {
    headers["x-ratelimit-limit-requests"] = String(requests.limit);
    headers["x-ratelimit-remaining-requests"] = String(requests.remaining);
  }
  if (tokens !== undefined) {
    headers["x-ratelimit-limit-tokens"] = String(tokens.limit);
    headers["x-ratelimit-remaining-tokens"] = String(tokens.remaining);
  }
  if (budgetRemaining !== undefined) headers["x-switchyard-budget-remaining"] = String(Math.max(0, budgetRemaining));
  return headers;
}
