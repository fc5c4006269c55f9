import { describe, expect, it } from "vitest";
import { importLitellmCostMap } from "../../../workers/core/pricing/import-litellm-cost-map.ts";
import { litellmPriceFields } from "../../../workers/core/pricing/litellm-price-fields.ts";

describe("long-context tiers from LiteLLM's *_above_<N>k_tokens keys", () => {
  const { prices, warnings, skipped } = importLitellmCostMap({
    "gpt-5.4": {
      input_cost_per_token: 2.5e-6,
      output_cost_per_token: 1.5e-5,
      cache_read_input_token_cost: 2.5e-7,
      input_cost_per_token_above_272k_tokens: 5e-6,
      output_cost_per_token_above_272k_tokens: 2.25e-5,
      cache_read_input_token_cost_above_272k_tokens: 5e-7,
      input_cost_per_token_above_272k_tokens_priority: 1e-5,
      cache_creation_input_token_cost_above_1hr_above_200k_tokens: 1.2e-5,
    },
    "gemini-1.5-flash": {
      input_cost_per_token: 7.5e-8,
      output_cost_per_token: 3e-7,
      cache_read_input_token_cost: 1e-8,
      input_cost_per_token_above_128k_tokens: 1.5e-7,
    },
    "two-tiers": {
      input_cost_per_token: 1e-6,
      output_cost_per_token: 2e-6,
      input_cost_per_token_above_128k_tokens: 2e-6,
      output_cost_per_token_above_128k_tokens: 3e-6,
      input_cost_per_token_above_256k_tokens: 4e-6,
      output_cost_per_token_above_256k_tokens: "free",
    },
    broken: { input_cost_per_token: "3e-6", output_cost_per_token: 1e-5 },
  });

  it("reads any threshold, ignoring service-tier and cache-duration variants", () => {
    expect(prices.get("gpt-5.4")?.longContext).toEqual({
      thresholdTokens: 272_000,
      inputPerToken: 5e-6,
      outputPerToken: 2.25e-5,
      cacheReadPerToken: 5e-7,
    });
  });

  it("keeps the base rate for what a tier does not list, as LiteLLM bills it", () => {
    expect(prices.get("gemini-1.5-flash")?.longContext).toEqual({
      thresholdTokens: 128_000,
      inputPerToken: 1.5e-7,
      outputPerToken: 3e-7,
      cacheReadPerToken: 1e-8,
    });
  });

  it("keeps the lowest of several tiers and warns about the rest and about malformed tier prices", () => {
    expect(prices.get("two-tiers")?.longContext).toEqual({
      thresholdTokens: 128_000,
      inputPerToken: 2e-6,
      outputPerToken: 3e-6,
    });
    expect(warnings).toEqual([
      "two-tiers: output_cost_per_token_above_256k_tokens is not a non-negative number; ignored",
      "two-tiers: a second tier above 256k tokens is ignored; only the 128k tier is priced",
    ]);
  });

  it("skips a malformed entry naming the field", () => {
    expect(skipped).toEqual([
      { model: "broken", reason: "input_cost_per_token: Invalid input: expected number, received string" },
    ]);
  });

  it("renders a normalized price back in LiteLLM's field names", () => {
    const gpt = prices.get("gpt-5.4");
    if (gpt === undefined) throw new Error("gpt-5.4 missing");
    expect(litellmPriceFields(gpt)).toEqual({
      input_cost_per_token: 2.5e-6,
      output_cost_per_token: 1.5e-5,
      cache_read_input_token_cost: 2.5e-7,
      input_cost_per_token_above_272k_tokens: 5e-6,
      output_cost_per_token_above_272k_tokens: 2.25e-5,
      cache_read_input_token_cost_above_272k_tokens: 5e-7,
    });
  });
});
