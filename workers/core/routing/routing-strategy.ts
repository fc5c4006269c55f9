import type { Deployment } from "../config/gateway-config.ts";
import { costBasedRouting } from "./cost-based-routing.ts";
import type { DeploymentStats } from "./deployment-stats.ts";
import { latencyBasedRouting } from "./latency-based-routing.ts";
import { leastBusy } from "./least-busy.ts";
import type { RoutingStrategyName } from "./routing-strategy-name.ts";
import { simpleShuffle } from "./simple-shuffle.ts";
import { usageBasedRouting } from "./usage-based-routing.ts";

export interface StrategyContext {
  stats: DeploymentStats;
  now: number;
  random: () => number;
  /** Streams are ranked by time to first token in latency-based routing. */
  stream: boolean;
  latencyWindowMs: number;
  lowestLatencyBuffer: number;
  /** The request's estimated input tokens, for tpm headroom (0 when unknown). */
  inputTokens: number;
}

/**
 * Picks one of `candidates` (never empty; cooled-down and tag-filtered
 * deployments are already gone). Undefined means every candidate is at its
 * rpm/tpm limit for this minute, which the planner reports as a 429.
 */
export type RoutingStrategy = (candidates: readonly Deployment[], context: StrategyContext) => Deployment | undefined;

export function routingStrategyFor(name: RoutingStrategyName): RoutingStrategy {
  switch (name) {
    case "simple-shuffle":
      return simpleShuffle;
    case "least-busy":
      return leastBusy;
    case "latency-based-routing":
      return latencyBasedRouting;
    // LiteLLM keeps v1 for old configs; both pick the least-used deployment under its limits.
    case "usage-based-routing":
    case "usage-based-routing-v2":
      return usageBasedRouting;
    case "cost-based-routing":
      return costBasedRouting;
    default: {
      const unreachable: never = name;
      return unreachable;
    }
  }
}
