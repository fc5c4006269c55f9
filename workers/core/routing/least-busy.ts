import type { Deployment } from "../config/gateway-config.ts";
import { pickUniform } from "./pick-at-random.ts";
import type { StrategyContext } from "./routing-strategy.ts";

/** LiteLLM's `least-busy`: the fewest requests in flight; ties broken at random. */
export function leastBusy(candidates: readonly Deployment[], context: StrategyContext): Deployment | undefined {
  const inFlight = candidates.map(
    (deployment) => context.stats.usage(deployment.id, context.now, context.latencyWindowMs).inFlight,
  );
  const fewest = Math.min(...inFlight);
  return pickUniform(
    candidates.filter((_, index) => inFlight[index] === fewest),
    context.random,
  );
}
