import { z } from "zod";
import type { ModelPrice } from "./model-price.ts";

type LongContextTier = NonNullable<ModelPrice["longContext"]>;
type TierField = "inputPerToken" | "outputPerToken" | "cacheReadPerToken" | "cacheWritePerToken";

/**
 * LiteLLM's tier keys: `<base key>_above_<N>k_tokens`, N thousand input tokens
 * (200k for Claude and Gemini, 272k for GPT-5.4+, 128k for Grok). Variants with
 * a further suffix (`_priority`, `_flex`, `_above_1hr_…`) price service tiers
 * Switchyard does not request, so they do not match.
 */
const TIER_KEY =
  /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)_above_(\d+)k_tokens$/;

const TIER_FIELDS: Record<string, TierField> = {
  input_cost_per_token: "inputPerToken",
  output_cost_per_token: "outputPerToken",
  cache_read_input_token_cost: "cacheReadPerToken",
  cache_creation_input_token_cost: "cacheWritePerToken",
};

const costSchema = z.number().nonnegative();

export interface LongContextRead {
  tier: LongContextTier | undefined;
  /** Why a tier key was not used, for the import's warnings. */
  problems: string[];
}

/**
 * The long-context tier of one cost-map entry, relative to its `base` prices.
 * A rate the tier does not list stays at the base rate — what LiteLLM charges
 * (`_get_token_base_cost` only swaps in the `_above_` keys it finds) — so a
 * tier without a cache-read price does not bill cached tokens at full input.
 * Only the lowest threshold is kept, since ModelPrice holds one tier.
 */
export function readLongContextTier(entry: Record<string, unknown>, base: ModelPrice): LongContextRead {
  const byThreshold = new Map<number, Partial<Record<TierField, number>>>();
  const problems: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    const match = TIER_KEY.exec(key);
    const field = match?.[1] === undefined ? undefined : TIER_FIELDS[match[1]];
    if (match?.[2] === undefined || field === undefined) continue;
    const cost = costSchema.safeParse(value);
    if (!cost.success) {
      if (value !== null) problems.push(`${key} is not a non-negative number; ignored`);
      continue;
    }
    const threshold = Number(match[2]) * 1000;
    const rates = byThreshold.get(threshold) ?? {};
    rates[field] = cost.data;
    byThreshold.set(threshold, rates);
  }
  const thresholds = [...byThreshold.keys()].sort((a, b) => a - b);
  const lowest = thresholds[0];
  if (lowest === undefined) return { tier: undefined, problems };
  for (const ignored of thresholds.slice(1)) {
    problems.push(
      `a second tier above ${ignored / 1000}k tokens is ignored; only the ${lowest / 1000}k tier is priced`,
    );
  }
  const rates = byThreshold.get(lowest) ?? {};
  const tier: LongContextTier = {
    thresholdTokens: lowest,
    inputPerToken: rates.inputPerToken ?? base.inputPerToken,
    outputPerToken: rates.outputPerToken ?? base.outputPerToken,
  };
  const cacheRead = rates.cacheReadPerToken ?? base.cacheReadPerToken;
  const cacheWrite = rates.cacheWritePerToken ?? base.cacheWritePerToken;
  if (cacheRead !== undefined) tier.cacheReadPerToken = cacheRead;
  if (cacheWrite !== undefined) tier.cacheWritePerToken = cacheWrite;
  return { tier, problems };
}
