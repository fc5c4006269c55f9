import type { DeploymentPricing } from "../config/gateway-config.ts";
import type { Usage } from "../ir/usage.ts";

/**
 * Cost in USD from canonical usage. Cached reads and writes use their own
 * prices when the deployment has them, else the input price.
 * Returns undefined when the price is unknown, so callers cannot mistake "unpriced" for "free".
 */
export function computeCostUsd(usage: Usage, pricing: DeploymentPricing | undefined): number | undefined {
  if (pricing === undefined) return undefined;
  const input = usage.inputTokens;
  return (
    input.noCache * pricing.inputPerToken +
    input.cacheRead * (pricing.cacheReadPerToken ?? pricing.inputPerToken) +
    input.cacheWrite * (pricing.cacheWritePerToken ?? pricing.inputPerToken) +
    usage.outputTokens.total * pricing.outputPerToken
  );
}
