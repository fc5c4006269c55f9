import type { LitellmConfig } from "../config/litellm-config-schema.ts";
import {
  type FallbackTable,
  type ModelGroupAlias,
  RETRY_POLICY_FIELDS,
  type RetryPolicyCounts,
  type RoutingSettings,
} from "./routing-settings.ts";
import { parseRoutingStrategyName } from "./routing-strategy-name.ts";

/** LiteLLM's defaults: `DEFAULT_ALLOWED_FAILS`, `DEFAULT_COOLDOWN_TIME_SECONDS`, `ROUTER_MAX_FALLBACKS` (litellm/constants.py). */
export const DEFAULT_ALLOWED_FAILS = 3;
export const DEFAULT_COOLDOWN_TIME_MS = 5_000;
export const DEFAULT_MAX_FALLBACKS = 5;
/** lowest_latency.py `RoutingArgs.ttl`: one hour. */
export const DEFAULT_LATENCY_WINDOW_MS = 60 * 60 * 1000;

type FallbackList = readonly Record<string, string[]>[] | null | undefined;

function joinFallbacks(...lists: FallbackList[]): FallbackTable | undefined {
  const defined = lists.filter((list): list is readonly Record<string, string[]>[] => list != null);
  return defined.length === 0 ? undefined : defined.flat();
}

function retryPolicyOf(policy: Record<string, number> | null | undefined, warnings: string[]): RetryPolicyCounts {
  const counts: RetryPolicyCounts = {};
  for (const [key, value] of Object.entries(policy ?? {})) {
    const field = RETRY_POLICY_FIELDS.find((name) => name === key);
    if (field === undefined)
      warnings.push(`router_settings.retry_policy.${key}: not a LiteLLM retry policy field; ignored`);
    else counts[field] = value;
  }
  return counts;
}

function aliasesOf(config: LitellmConfig): Map<string, ModelGroupAlias> {
  const aliases = new Map<string, ModelGroupAlias>();
  for (const [name, target] of Object.entries(config.router_settings?.model_group_alias ?? {})) {
    aliases.set(
      name,
      typeof target === "string"
        ? { model: target, hidden: false }
        : { model: target.model, hidden: target.hidden ?? false },
    );
  }
  return aliases;
}

/**
 * The router settings of a LiteLLM config. LiteLLM reads most of these from
 * `router_settings` and some from `litellm_settings` too
 * (https://docs.litellm.ai/docs/proxy/reliability); where both are set,
 * router_settings wins, and fallback lists are joined (router_settings first, so
 * its entries are found first).
 */
export function resolveRoutingSettings(config: LitellmConfig, warnings: string[]): RoutingSettings {
  const router = config.router_settings ?? {};
  const litellm = config.litellm_settings ?? {};
  const strategy = parseRoutingStrategyName(router.routing_strategy);
  if (strategy.warning !== undefined) warnings.push(strategy.warning);
  const defaultFallbacks = router.default_fallbacks ?? litellm.default_fallbacks;
  // LiteLLM appends default_fallbacks as a `*` entry, so a group's own entry wins over it.
  const general = joinFallbacks(
    router.fallbacks,
    litellm.fallbacks,
    defaultFallbacks ? [{ "*": defaultFallbacks }] : [],
  );
  const ttlSeconds = router.routing_strategy_args?.ttl;
  const cooldownSeconds = router.cooldown_time ?? litellm.cooldown_time;
  return {
    strategy: strategy.strategy,
    latencyWindowMs: ttlSeconds == null ? DEFAULT_LATENCY_WINDOW_MS : ttlSeconds * 1000,
    lowestLatencyBuffer: router.routing_strategy_args?.lowest_latency_buffer ?? 0,
    modelGroupAlias: aliasesOf(config),
    fallbacks: general ?? [],
    contextWindowFallbacks: joinFallbacks(router.context_window_fallbacks, litellm.context_window_fallbacks),
    contentPolicyFallbacks: joinFallbacks(router.content_policy_fallbacks, litellm.content_policy_fallbacks),
    maxFallbacks: router.max_fallbacks ?? DEFAULT_MAX_FALLBACKS,
    retryPolicy: retryPolicyOf(router.retry_policy, warnings),
    minRetryDelayMs: (router.retry_after ?? 0) * 1000,
    allowedFails: router.allowed_fails ?? litellm.allowed_fails ?? DEFAULT_ALLOWED_FAILS,
    cooldownTimeMs: cooldownSeconds == null ? DEFAULT_COOLDOWN_TIME_MS : cooldownSeconds * 1000,
    disableCooldowns: router.disable_cooldowns ?? false,
    enableTagFiltering: router.enable_tag_filtering ?? false,
    tagFilteringMatchAny: router.tag_filtering_match_any ?? true,
  };
}
