import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { SessionControlReason } from "../../core/governance/session-control-refusal.ts";

export type GovernanceRefusalReason = SessionControlReason | "approval_rejected" | "approval_timed_out";

/**
 * A governed request refused by policy: 403 rather than 429, because waiting does not help (a stopped
 * session stays stopped until an admin acts), and `x-should-retry: false` so the OpenAI and Anthropic
 * SDKs do not retry it. `x-switchyard-governance` names the reason for scripts and dashboards.
 */
export function governanceRefusal(reason: GovernanceRefusalReason, message: string): GatewayError {
  return new GatewayError("permission_denied", message, {
    headers: { "x-should-retry": "false", "x-switchyard-governance": reason },
  });
}

/** The agent's control object could not be reached: governed traffic fails closed, and may retry. */
export function governanceUnavailable(cause: unknown): GatewayError {
  return new GatewayError(
    "config_unavailable",
    "The gateway could not check this agent's governance state; try again shortly.",
    {
      cause,
      isRetryable: true,
      retryAfterSeconds: 1,
    },
  );
}
