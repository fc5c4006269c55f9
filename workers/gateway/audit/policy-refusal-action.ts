import type { GatewayError } from "../../core/errors/gateway-error.ts";

/**
 * The audit action of an error the gateway itself decided on, or undefined:
 * a budget (`budget.refused`), a rate or parallel limit
 * (`rate_limit.refused`), a key denied a model or an unpriced request
 * (`request.denied`). `authentication_failed` is a candidate only: whether the
 * key was blocked or expired (`request.blocked`) rather than unknown is
 * settled off the hot path. Upstream errors of the same codes name their
 * provider or status and are not policy decisions.
 */
export type PolicyRefusalAction = "budget.refused" | "rate_limit.refused" | "request.denied" | "request.blocked";

export function policyRefusalAction(error: GatewayError): PolicyRefusalAction | undefined {
  const fromUpstream = error.provider !== undefined || error.upstreamStatus !== undefined;
  if (fromUpstream) return undefined;
  switch (error.code) {
    case "budget_exceeded":
      return "budget.refused";
    // An upstream's 429 is retryable; ours (a limit window or a parallel slot) is not retried by the router.
    case "rate_limited":
      return error.isRetryable ? undefined : "rate_limit.refused";
    case "permission_denied":
      return "request.denied";
    case "authentication_failed":
      return "request.blocked";
    default:
      return undefined;
  }
}
