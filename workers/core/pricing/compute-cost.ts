import type { Usage } from "../ir/usage.ts";
import type { ModelPrice } from "./model-price.ts";

/**
 * Cost in USD from canonical usage. Cached reads and writes use their own
 * prices when known, else the input price. Above a long-context threshold
 * (by total input tokens) the whole request is priced at the long-context
 * rates, as Anthropic and Google bill it.
 * Returns undefined when the price is unknown, so callers cannot mistake "unpriced" for "free".
 */
export function computeCostUsd(usage: Usage, pricing: ModelPrice | undefined): number | undefined {
  if (pricing === undefined) return undefined;
  const input = usage.inputTokens;
  const tier =
    pricing.longContext !== undefined && input.total > pricing.longContext.thresholdTokens
      ? pricing.longContext
      : pricing;
  return (
    input.noCache * tier.inputPerToken +
    input.cacheRead * (tier.cacheReadPerToken ?? tier.inputPerToken) +
    input.cacheWrite * (tier.cacheWritePerToken ?? tier.inputPerToken) +
    usage.outputTokens.total * tier.outputPerToken
  );
}
