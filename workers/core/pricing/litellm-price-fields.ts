import type { ModelPrice } from "./model-price.ts";

/**
 * A normalized price in the field names of LiteLLM's cost map — the inverse
 * of importLitellmCostMap — so an admin can compare it with the source file.
 */
export function litellmPriceFields(price: ModelPrice): Record<string, number | string> {
  const fields: Record<string, number | string> = {
    input_cost_per_token: price.inputPerToken,
    output_cost_per_token: price.outputPerToken,
  };
  if (price.cacheReadPerToken !== undefined) fields.cache_read_input_token_cost = price.cacheReadPerToken;
  if (price.cacheWritePerToken !== undefined) fields.cache_creation_input_token_cost = price.cacheWritePerToken;
  const tier = price.longContext;
  if (tier !== undefined) {
    // LiteLLM names the tier by its threshold (`_above_200k_tokens`); every tier it lists is 200k.
    const suffix = `_above_${Math.round(tier.thresholdTokens / 1000)}k_tokens`;
    fields[`input_cost_per_token${suffix}`] = tier.inputPerToken;
    fields[`output_cost_per_token${suffix}`] = tier.outputPerToken;
    if (tier.cacheReadPerToken !== undefined) fields[`cache_read_input_token_cost${suffix}`] = tier.cacheReadPerToken;
    if (tier.cacheWritePerToken !== undefined)
      fields[`cache_creation_input_token_cost${suffix}`] = tier.cacheWritePerToken;
  }
  if (price.mode !== undefined) fields.mode = price.mode;
  if (price.maxInputTokens !== undefined) fields.max_input_tokens = price.maxInputTokens;
  return fields;
}
