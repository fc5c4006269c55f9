/**
 * What kind of failure an upstream attempt ended in, and what the router may
 * do about it. LiteLLM decides retries, cooldowns and fallbacks from the
 * failure's kind alone (https://docs.litellm.ai/docs/router/learn/reliability).
 */
export const FAILURE_CLASSES = [
  "rate_limit",
  "timeout",
  "server",
  "connection",
  "auth",
  "not_found",
  "context_window",
  "content_policy",
  "bad_request",
] as const;

export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** Which fallback list a failure walks (https://docs.litellm.ai/docs/proxy/reliability, "There are 3 types of fallbacks"). */
export type FallbackKind = "general" | "context_window" | "content_policy" | "none";

export interface FailureClassTraits {
  /** Worth sending to the same deployment again (after a backoff). */
  retrySameDeployment: boolean;
  /** Worth a retry inside the model group by default (`num_retries` applies). */
  retryInGroup: boolean;
  /** Counts toward the deployment's cooldown (LiteLLM: 429, 401, 404, 408, 5xx, timeouts, connection errors). */
  countsTowardCooldown: boolean;
  /** Cools the deployment down at once rather than after `allowed_fails` (LiteLLM cooldown_handlers.py). */
  coolsDownImmediately: boolean;
  /** About the request, not the deployment: never escalates to the next `order` tier. */
  requestLevel: boolean;
  fallback: FallbackKind;
}

/**
 * The table behind every routing decision on a failure:
 * - rate limits, timeouts, 5xx and connection errors are transient: retry, count, fall back.
 * - auth (401/403) will fail again with the same key: retry only on another
 *   deployment (LiteLLM retries AuthenticationError only when the group has
 *   more than one), cool down at once.
 * - 404 is not retried (LiteLLM raises NotFoundError out of the retry loop) but
 *   cools down at once and falls back.
 * - context-window and content-policy errors are about the prompt: no retry,
 *   no cooldown, their own fallback lists.
 * - other 4xx: "don't retry a malformed request" (router.py): no retry, no fallback.
 */
export function failureClassTraits(failureClass: FailureClass): FailureClassTraits {
  switch (failureClass) {
    case "rate_limit":
      return transient(true);
    case "timeout":
    case "server":
    case "connection":
      return transient(false);
    case "auth":
      return {
        retrySameDeployment: false,
        retryInGroup: true,
        countsTowardCooldown: true,
        coolsDownImmediately: true,
        requestLevel: false,
        fallback: "general",
      };
    case "not_found":
      return {
        retrySameDeployment: false,
        retryInGroup: false,
        countsTowardCooldown: true,
        coolsDownImmediately: true,
        requestLevel: false,
        fallback: "general",
      };
    case "context_window":
      return requestLevel("context_window");
    case "content_policy":
      return requestLevel("content_policy");
    case "bad_request":
      return requestLevel("none");
    default: {
      const unreachable: never = failureClass;
      return unreachable;
    }
  }
}

function transient(coolsDownImmediately: boolean): FailureClassTraits {
  return {
    retrySameDeployment: true,
    retryInGroup: true,
    countsTowardCooldown: true,
    coolsDownImmediately,
    requestLevel: false,
    fallback: "general",
  };
}

function requestLevel(fallback: FallbackKind): FailureClassTraits {
  return {
    retrySameDeployment: false,
    retryInGroup: false,
    countsTowardCooldown: false,
    coolsDownImmediately: false,
    requestLevel: true,
    fallback,
  };
}
