import type { Deployment } from "../config/gateway-config.ts";
import { pickWeighted } from "./pick-at-random.ts";
import type { StrategyContext } from "./routing-strategy.ts";

/**
 * The weights simple-shuffle draws with: `weight` when any deployment sets
 * one, else `rpm`, else `tpm`, else uniform (LiteLLM simple_shuffle.py; the
 * strategies table of https://docs.litellm.ai/docs/router/learn/strategies).
 * A deployment missing the field the group is weighed by counts 0, as in LiteLLM,
 * except an unset `weight`, which keeps its default of 1.
 */
export function shuffleWeights(candidates: readonly Deployment[]): number[] {
  if (candidates.some((deployment) => deployment.weightConfigured))
    return candidates.map((deployment) => deployment.weight);
  if (candidates.some((deployment) => deployment.rpm !== undefined))
    return candidates.map((deployment) => deployment.rpm ?? 0);
  if (candidates.some((deployment) => deployment.tpm !== undefined))
    return candidates.map((deployment) => deployment.tpm ?? 0);
  return candidates.map(() => 1);
}

/** LiteLLM's default strategy: a weighted random pick, no state. */
export function simpleShuffle(candidates: readonly Deployment[], context: StrategyContext): Deployment | undefined {
  return pickWeighted(candidates, shuffleWeights(candidates), context.random);
}
