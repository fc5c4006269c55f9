import type { Deployment } from "../config/gateway-config.ts";
import type { StrategyContext } from "./routing-strategy.ts";
import { withinRateLimits } from "./within-rate-limits.ts";

/** Input + output price per token; a deployment with no known price sorts last. */
export function costPerToken(deployment: Deployment): number {
  const pricing = deployment.pricing;
  return pricing === undefined ? Number.POSITIVE_INFINITY : pricing.inputPerToken + pricing.outputPerToken;
}

/**
 * LiteLLM's `cost-based-routing`: among deployments under their rpm/tpm, the
 * cheapest by config price else the price table; an unknown price counts as
 * dearest (LiteLLM uses $1/token). Ties go to the first in config order, as
 * lowest_cost.py keeps the first minimum (https://docs.litellm.ai/docs/routing, "Lowest Cost Routing").
 */
export function costBasedRouting(candidates: readonly Deployment[], context: StrategyContext): Deployment | undefined {
  let cheapest: Deployment | undefined;
  for (const deployment of candidates) {
    if (!withinRateLimits(deployment, context)) continue;
    if (cheapest === undefined || costPerToken(deployment) < costPerToken(cheapest)) cheapest = deployment;
  }
  return cheapest;
}
