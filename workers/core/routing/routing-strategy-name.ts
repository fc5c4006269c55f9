/**
 * LiteLLM's `router_settings.routing_strategy` names
 * (https://docs.litellm.ai/docs/routing#advanced---routing-strategies).
 */
export const ROUTING_STRATEGY_NAMES = [
  "simple-shuffle",
  "least-busy",
  "latency-based-routing",
  "usage-based-routing",
  "usage-based-routing-v2",
  "cost-based-routing",
] as const;

export type RoutingStrategyName = (typeof ROUTING_STRATEGY_NAMES)[number];

/** LiteLLM's default, and what an unknown name falls back to. */
export const DEFAULT_ROUTING_STRATEGY: RoutingStrategyName = "simple-shuffle";

export function isRoutingStrategyName(name: string): name is RoutingStrategyName {
  return (ROUTING_STRATEGY_NAMES as readonly string[]).includes(name);
}

/**
 * A config's strategy name: known names pass, an unknown one (LiteLLM's
 * `custom`, a typo) falls back to simple-shuffle with a warning, so the
 * config still loads.
 */
export function parseRoutingStrategyName(name: string | null | undefined): {
  strategy: RoutingStrategyName;
  warning?: string;
} {
  if (name === null || name === undefined || name === "") return { strategy: DEFAULT_ROUTING_STRATEGY };
  if (isRoutingStrategyName(name)) return { strategy: name };
  return {
    strategy: DEFAULT_ROUTING_STRATEGY,
    warning: `router_settings.routing_strategy: '${name}' is not supported; using ${DEFAULT_ROUTING_STRATEGY}`,
  };
}
