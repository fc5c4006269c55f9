import { z } from "zod";
import type { ModelPrice } from "./model-price.ts";
import { readLongContextTier } from "./read-long-context-tier.ts";

/**
 * One entry of LiteLLM's `model_prices_and_context_window.json`; lenient: the file carries many other fields.
 * The `*_above_<N>k_tokens` tier keys are read by readLongContextTier.
 */
const costMapEntrySchema = z.looseObject({
  input_cost_per_token: z.number().nonnegative().nullish(),
  output_cost_per_token: z.number().nonnegative().nullish(),
  cache_read_input_token_cost: z.number().nonnegative().nullish(),
  cache_creation_input_token_cost: z.number().nonnegative().nullish(),
  litellm_provider: z.string().nullish(),
  mode: z.string().nullish(),
  max_input_tokens: z.number().nullish(),
});

export interface CostMapImport {
  prices: Map<string, ModelPrice>;
  /** Entries skipped with the reason (no token prices, e.g. image models, or malformed). */
  skipped: Array<{ model: string; reason: string }>;
  /** Entries imported with a part left out (e.g. a malformed tier price), `<model>: <what>`. */
  warnings: string[];
}

/**
 * Reads LiteLLM's cost map (the `sample_spec` entry is documentation, not a
 * model). Keys are kept as LiteLLM writes them (`gpt-4o`, `gemini/gemini-2.5-pro`,
 * `anthropic.claude-…-v1:0`); lookups try provider-prefixed and bare names.
 */
export function importLitellmCostMap(document: unknown): CostMapImport {
  const prices = new Map<string, ModelPrice>();
  const skipped: CostMapImport["skipped"] = [];
  const warnings: string[] = [];
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    return { prices, skipped: [{ model: "(root)", reason: "not a JSON object" }], warnings };
  }
  for (const [model, raw] of Object.entries(document)) {
    if (model === "sample_spec") continue;
    const parsed = costMapEntrySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const reason = issue === undefined ? "malformed" : `${issue.path.join(".") || "entry"}: ${issue.message}`;
      skipped.push({ model, reason });
      continue;
    }
    const entry = parsed.data;
    if (entry.input_cost_per_token == null || entry.output_cost_per_token == null) {
      skipped.push({ model, reason: "no per-token prices" });
      continue;
    }
    const price: ModelPrice = {
      inputPerToken: entry.input_cost_per_token,
      outputPerToken: entry.output_cost_per_token,
    };
    if (entry.cache_read_input_token_cost != null) price.cacheReadPerToken = entry.cache_read_input_token_cost;
    if (entry.cache_creation_input_token_cost != null) price.cacheWritePerToken = entry.cache_creation_input_token_cost;
    const longContext = readLongContextTier(entry, price);
    if (longContext.tier !== undefined) price.longContext = longContext.tier;
    for (const problem of longContext.problems) warnings.push(`${model}: ${problem}`);
    if (entry.mode != null) price.mode = entry.mode;
    if (entry.max_input_tokens != null) price.maxInputTokens = entry.max_input_tokens;
    prices.set(model, price);
  }
  return { prices, skipped, warnings };
}
