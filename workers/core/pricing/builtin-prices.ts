import type { ModelPrice } from "./model-price.ts";

/**
 * List prices (USD per token) for the models Switchyard documents, so cost
 * is known without configuration. Source: providers' published price pages
 * as collected in LiteLLM's cost map (mid-2026); a test checks every entry
 * against that map. Override per deployment with `input_cost_per_token` /
 * `output_cost_per_token` (and the cache prices) in the config.
 */
const M = 1e-6;
const price = (input: number, output: number, extra: Partial<ModelPrice> = {}): ModelPrice => ({
  inputPerToken: input * M,
  outputPerToken: output * M,
  ...extra,
});
const cached = (read: number, write?: number): Partial<ModelPrice> => ({
  cacheReadPerToken: read * M,
  ...(write === undefined ? {} : { cacheWritePerToken: write * M }),
});
const longContext = (input: number, output: number, cacheRead?: number, cacheWrite?: number): Partial<ModelPrice> => ({
  longContext: {
    thresholdTokens: 200_000,
    inputPerToken: input * M,
    outputPerToken: output * M,
    ...(cacheRead === undefined ? {} : { cacheReadPerToken: cacheRead * M }),
    ...(cacheWrite === undefined ? {} : { cacheWritePerToken: cacheWrite * M }),
  },
});

export const BUILTIN_PRICES: ReadonlyMap<string, ModelPrice> = new Map<string, ModelPrice>([
  // OpenAI (input includes cached; cached reads at the cache price)
  ["gpt-4o", price(2.5, 10, cached(1.25))],
  ["gpt-4o-mini", price(0.15, 0.6, cached(0.075))],
  ["gpt-4.1", price(2, 8, cached(0.5))],
  ["gpt-4.1-mini", price(0.4, 1.6, cached(0.1))],
  ["gpt-5", price(1.25, 10, cached(0.125))],
  ["gpt-5-mini", price(0.25, 2, cached(0.025))],
  ["gpt-5-codex", price(1.25, 10, { ...cached(0.125), mode: "responses" })],
  ["o3", price(2, 8, cached(0.5))],
  ["o4-mini", price(1.1, 4.4, cached(0.275))],
  ["text-embedding-3-small", price(0.02, 0)],
  ["text-embedding-3-large", price(0.13, 0)],
  // Anthropic (cache writes at 1.25× input, reads at 0.1×; Sonnet's long-context tier above 200k input)
  ["claude-sonnet-4-5", price(3, 15, { ...cached(0.3, 3.75), ...longContext(6, 22.5, 0.6, 7.5) })],
  ["claude-sonnet-4-20250514", price(3, 15, { ...cached(0.3, 3.75), ...longContext(6, 22.5, 0.6, 7.5) })],
  ["claude-opus-4-1", price(15, 75, cached(1.5, 18.75))],
  ["claude-haiku-4-5", price(1, 5, cached(0.1, 1.25))],
  [
    "anthropic.claude-sonnet-4-5-20250929-v1:0",
    price(3, 15, { ...cached(0.3, 3.75), ...longContext(6, 22.5, 0.6, 7.5) }),
  ],
  // Google (Gemini 2.5 Pro doubles input/halves again above 200k)
  ["gemini-2.5-pro", price(1.25, 10, { ...cached(0.125), ...longContext(2.5, 15, 0.25) })],
  ["gemini-2.5-flash", price(0.3, 2.5, cached(0.03))],
  // OpenAI-compatible family
  ["groq/llama-3.3-70b-versatile", price(0.59, 0.79)],
  ["deepseek/deepseek-chat", price(0.28, 0.42, cached(0.028))],
  ["mistral/mistral-large-latest", price(0.5, 1.5)],
  ["xai/grok-4", price(3, 15)],
]);

/**
 * The price of `provider/model`: the provider-prefixed name first (LiteLLM
 * keys some entries that way), then the bare model name.
 */
export function findModelPrice(
  table: ReadonlyMap<string, ModelPrice>,
  provider: string,
  model: string,
): ModelPrice | undefined {
  return table.get(`${provider}/${model}`) ?? table.get(model);
}
