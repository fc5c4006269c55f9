import type { Deployment } from "../config/gateway-config.ts";
import { pickUniform } from "./pick-at-random.ts";
import type { StrategyContext } from "./routing-strategy.ts";
import { withinRateLimits } from "./within-rate-limits.ts";

/**
 * A deployment's recent latency: time to first token for streams when known
 * (LiteLLM ranks streams by TTFT), else the full latency; a deployment with no
 * sample counts as 0, so new deployments get tried (as lowest_latency.py does).
 */
function latencyOf(deployment: Deployment, context: StrategyContext): number {
  const usage = context.stats.usage(deployment.id, context.now, context.latencyWindowMs);
  if (context.stream && usage.timeToFirstTokenMs !== undefined) return usage.timeToFirstTokenMs;
  return usage.latencyMs ?? 0;
}

/**
 * LiteLLM's `latency-based-routing`: the lowest mean latency over the window
 * (`routing_strategy_args.ttl`). With `lowest_latency_buffer: 0.5`, any
 * deployment within 50% of the fastest is picked at random, so the fastest is
 * not swamped (https://docs.litellm.ai/docs/routing, "Set Lowest Latency Buffer").
 */
export function latencyBasedRouting(
  candidates: readonly Deployment[],
  context: StrategyContext,
): Deployment | undefined {
  const open = candidates.filter((deployment) => withinRateLimits(deployment, context));
  if (open.length === 0) return undefined;
  const latencies = open.map((deployment) => latencyOf(deployment, context));
  const fastest = Math.min(...latencies);
  const ceiling = fastest * (1 + context.lowestLatencyBuffer);
  return pickUniform(
    open.filter((_, index) => (latencies[index] ?? 0) <= ceiling),
    context.random,
  );
}
