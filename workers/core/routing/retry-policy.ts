import type { Deployment } from "../config/gateway-config.ts";
import type { UpstreamFailure } from "./classify-upstream-failure.ts";
import { type FailureClass, failureClassTraits } from "./failure-class.ts";
import { parseRetryAfter } from "./parse-retry-after.ts";
import type { RetryPolicyCounts } from "./routing-settings.ts";

/**
 * Backoff constants from LiteLLM (litellm/constants.py `INITIAL_RETRY_DELAY`
 * = 0.5 s, `MAX_RETRY_DELAY` = 8 s). LiteLLM adds up to 0.75 s of jitter on top
 * of the exponential step; we use full jitter instead (a uniform draw in
 * [0, step)), which spreads a burst of retries from many isolates better.
 */
export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;
/**
 * A `retry-after` up to 60 s is honoured as is (LiteLLM's `_calculate_retry_after`
 * takes the header only when `0 < retry_after <= 60`). A longer one means the
 * deployment will not recover while this request waits, so we stop retrying it
 * and let other deployments or fallbacks take over.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

export interface RetrySettings {
  /** `num_retries` (litellm_settings, else router_settings); a deployment's own `num_retries` wins. */
  numRetries: number;
  retryPolicy: RetryPolicyCounts;
  /** `router_settings.retry_after`: never wait less than this before a retry. */
  minRetryDelayMs: number;
}

/**
 * The `retry_policy` field for a failure, most specific first, ending at
 * `DefaultRetries` (https://docs.litellm.ai/docs/routing, "Custom Retries,
 * Cooldowns based on Error Type"). Context-window and content-policy errors are
 * BadRequestErrors in LiteLLM, so `BadRequestErrorRetries` covers them too.
 */
function policyRetries(policy: RetryPolicyCounts, failureClass: FailureClass, status: number | undefined) {
  switch (failureClass) {
    case "rate_limit":
      return policy.RateLimitErrorRetries ?? policy.DefaultRetries;
    case "timeout":
      return policy.TimeoutErrorRetries ?? policy.DefaultRetries;
    case "server":
      return (
        (status === 503 ? policy.ServiceUnavailableErrorRetries : undefined) ??
        policy.InternalServerErrorRetries ??
        policy.DefaultRetries
      );
    // LiteLLM's APIConnectionError carries status 500.
    case "connection":
      return policy.InternalServerErrorRetries ?? policy.DefaultRetries;
    case "auth":
      return policy.AuthenticationErrorRetries ?? policy.DefaultRetries;
    case "not_found":
      return policy.NotFoundErrorRetries ?? policy.DefaultRetries;
    case "content_policy":
      return policy.ContentPolicyViolationErrorRetries ?? policy.BadRequestErrorRetries ?? policy.DefaultRetries;
    case "context_window":
    case "bad_request":
      return policy.BadRequestErrorRetries ?? policy.DefaultRetries;
    default: {
      const unreachable: never = failureClass;
      return unreachable;
    }
  }
}

export class RetryPolicy {
  private readonly settings: RetrySettings;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(settings: RetrySettings, clock: { now: () => number; random: () => number }) {
    this.settings = settings;
    this.now = clock.now;
    this.random = clock.random;
  }

  /**
   * Retries a request gets in one model group (per `order` tier) after a
   * failure: the retry_policy field when set, else `num_retries` (the failing
   * deployment's own first) for failures worth retrying, else 0.
   */
  retriesFor(failure: Pick<UpstreamFailure, "failureClass" | "status">, deployment?: Deployment): number {
    const fromPolicy = policyRetries(this.settings.retryPolicy, failure.failureClass, failure.status);
    if (fromPolicy !== undefined) return fromPolicy;
    if (!failureClassTraits(failure.failureClass).retryInGroup) return 0;
    return deployment?.numRetries ?? this.settings.numRetries;
  }

  /**
   * The wait before retry number `attempt` (0 = the first retry) after
   * `failure`, or undefined to stop: the retries are used up, or the upstream
   * asked for a longer wait than MAX_RETRY_AFTER_MS. A `retry-after` is taken
   * as is; otherwise exponential backoff with full jitter:
   * `random() * min(8 s, 0.5 s * 2^attempt)`. Never below `retry_after`.
   */
  nextDelayMs(attempt: number, failure: UpstreamFailure, deployment?: Deployment): number | undefined {
    if (attempt >= this.retriesFor(failure, deployment)) return undefined;
    const retryAfterMs = parseRetryAfter(failure.retryAfter, this.now());
    if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) return undefined;
    const delay =
      retryAfterMs !== undefined && retryAfterMs > 0
        ? retryAfterMs
        : Math.floor(this.random() * Math.min(MAX_RETRY_DELAY_MS, INITIAL_RETRY_DELAY_MS * 2 ** attempt));
    return Math.max(delay, this.settings.minRetryDelayMs);
  }
}
