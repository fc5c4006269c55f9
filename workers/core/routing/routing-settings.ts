/** The router half of a config (router_settings + the reliability keys of litellm_settings), resolved. */
import type { RoutingStrategyName } from "./routing-strategy-name.ts";

/** LiteLLM's fallback lists: `[{ "group": ["fallback1", "fallback2"] }, { "*": [...] }]`, in config order. */
export type FallbackTable = readonly Readonly<Record<string, readonly string[]>>[];

/**
 * LiteLLM's `retry_policy` fields (https://docs.litellm.ai/docs/routing#advanced-custom-retries-cooldowns-based-on-error-type).
 * An unset field defers to the next less specific one, ending at `DefaultRetries`.
 */
export const RETRY_POLICY_FIELDS = [
  "BadRequestErrorRetries",
  "AuthenticationErrorRetries",
  "TimeoutErrorRetries",
  "RateLimitErrorRetries",
  "ContentPolicyViolationErrorRetries",
  "InternalServerErrorRetries",
  "NotFoundErrorRetries",
  "ServiceUnavailableErrorRetries",
  "DefaultRetries",
] as const;

export type RetryPolicyField = (typeof RETRY_POLICY_FIELDS)[number];
export type RetryPolicyCounts = Partial<Record<RetryPolicyField, number>>;

export interface ModelGroupAlias {
  model: string;
  /** Hidden aliases route but are left out of `/v1/models`. */
  hidden: boolean;
}

export interface RoutingSettings {
  strategy: RoutingStrategyName;
  /** `routing_strategy_args.ttl` in ms: how far back latency samples count (LiteLLM default: 1 hour). */
  latencyWindowMs: number;
  /** `routing_strategy_args.lowest_latency_buffer`: pick at random among deployments within this fraction of the fastest. */
  lowestLatencyBuffer: number;
  modelGroupAlias: ReadonlyMap<string, ModelGroupAlias>;
  /** router_settings.fallbacks, then litellm_settings.fallbacks, then `{"*": default_fallbacks}`. */
  fallbacks: FallbackTable;
  /** Undefined when not configured: context-window failures then use the general fallbacks. */
  contextWindowFallbacks: FallbackTable | undefined;
  contentPolicyFallbacks: FallbackTable | undefined;
  /** How deep fallbacks of fallbacks may go (LiteLLM's `max_fallbacks`, default 5). */
  maxFallbacks: number;
  retryPolicy: RetryPolicyCounts;
  /** `router_settings.retry_after` in ms: the shortest wait before a retry of the same deployment. */
  minRetryDelayMs: number;
  /** Failures a deployment may have within a minute before it is cooled down (LiteLLM default 3). */
  allowedFails: number;
  /** How long a cooled-down deployment is left out (LiteLLM default 5 s). */
  cooldownTimeMs: number;
  disableCooldowns: boolean;
  enableTagFiltering: boolean;
  /** A request tag list matches a deployment on any one tag (LiteLLM default) or only on all of them. */
  tagFilteringMatchAny: boolean;
}
