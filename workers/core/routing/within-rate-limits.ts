import type { Deployment } from "../config/gateway-config.ts";
import type { StrategyContext } from "./routing-strategy.ts";

/**
 * Whether one more request fits the deployment's `rpm`/`tpm` this minute:
 * LiteLLM's usage-, latency- and cost-based strategies skip deployments that
 * would go over (https://docs.litellm.ai/docs/routing, "Rate-Limit Aware").
 */
export function withinRateLimits(deployment: Deployment, context: StrategyContext): boolean {
  const usage = context.stats.usage(deployment.id, context.now, context.latencyWindowMs);
  if (deployment.rpm !== undefined && usage.requestsThisMinute + 1 > deployment.rpm) return false;
  if (deployment.tpm !== undefined && usage.tokensThisMinute + context.inputTokens > deployment.tpm) return false;
  return true;
}
