import type { Deployment } from "../config/gateway-config.ts";
import { pickUniform } from "./pick-at-random.ts";
import type { StrategyContext } from "./routing-strategy.ts";
import { withinRateLimits } from "./within-rate-limits.ts";

/**
 * LiteLLM's `usage-based-routing-v2` (and v1): skip deployments this request
 * would push over their rpm/tpm, then take the lowest tpm used this minute,
 * then the lowest rpm, then at random (https://docs.litellm.ai/docs/routing,
 * "Rate-Limit Aware v2").
 */
export function usageBasedRouting(candidates: readonly Deployment[], context: StrategyContext): Deployment | undefined {
  const open = candidates.filter((deployment) => withinRateLimits(deployment, context));
  if (open.length === 0) return undefined;
  const usage = open.map((deployment) => context.stats.usage(deployment.id, context.now, context.latencyWindowMs));
  const fewestTokens = Math.min(...usage.map((entry) => entry.tokensThisMinute));
  const byTokens = open.filter((_, index) => usage[index]?.tokensThisMinute === fewestTokens);
  const requests = byTokens.map(
    (deployment) => context.stats.usage(deployment.id, context.now, context.latencyWindowMs).requestsThisMinute,
  );
  const fewestRequests = Math.min(...requests);
  return pickUniform(
    byTokens.filter((_, index) => requests[index] === fewestRequests),
    context.random,
  );
}
