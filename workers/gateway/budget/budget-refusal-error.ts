import type { ScopeLimits } from "../../core/auth/cached-key.ts";
import type { ReserveRefusal } from "../../core/budget/budget-refusal.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";

/**
 * A budget or limit refusal as the caller sees it: 429 `budget_exceeded` or
 * `rate_limit_exceeded` naming the scope and the limit, with Retry-After when
 * a window will reopen and `x-ratelimit-*` saying which limit ran out. An
 * unpriced request refused by policy is 403: retrying will not price it.
 */
export function refusalError(
  refusal: ReserveRefusal,
  scopeLabel: string,
  limits: ScopeLimits | undefined,
): GatewayError {
  const retry = refusal.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: refusal.retryAfterSeconds };
  switch (refusal.reason) {
    case "budget_exceeded":
      return new GatewayError("budget_exceeded", `Budget exceeded for ${scopeLabel}: ${refusal.limit}.`, {
        ...retry,
        headers: { "x-switchyard-budget-remaining": "0" },
      });
    case "rate_limited": {
      const isTokens = refusal.limit.startsWith("tpm");
      const kind = isTokens ? "tokens" : "requests";
      const limit = isTokens ? limits?.tpmLimit : limits?.rpmLimit;
      const headers: Record<string, string> = { [`x-ratelimit-remaining-${kind}`]: "0" };
      if (limit !== undefined && limit !== null) headers[`x-ratelimit-limit-${kind}`] = String(limit);
      if (refusal.retryAfterSeconds !== undefined)
        headers[`x-ratelimit-reset-${kind}`] = `${refusal.retryAfterSeconds}s`;
      return new GatewayError("rate_limited", `Rate limit reached for ${scopeLabel}: ${refusal.limit}.`, {
        ...retry,
        headers,
      });
    }
    case "parallel_limit":
      // A slot frees when any request in flight ends: there is no window to wait for.
      return new GatewayError(
        "rate_limited",
        `Too many parallel requests for ${scopeLabel}: ${refusal.limit}. Retry when one finishes.`,
        { retryAfterSeconds: 1 },
      );
    case "unknown_price":
      return new GatewayError(
        "permission_denied",
        `The price of this model is unknown and ${scopeLabel} has a budget that refuses unpriced requests ` +
          "(unknown_price: refuse). Set input_cost_per_token/output_cost_per_token on the deployment, or allow " +
          "unpriced requests with unknown_price: allow.",
      );
    default: {
      const unreachable: never = refusal.reason;
      return unreachable;
    }
  }
}
