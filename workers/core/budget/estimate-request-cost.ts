import type { Usage } from "../ir/usage.ts";
import { computeCostUsd } from "../pricing/compute-cost.ts";
import type { ModelPrice } from "../pricing/model-price.ts";

/**
 * Budget estimates, made before the upstream reports usage. Both lean high on
 * purpose: an estimate decides how much to hold, and — when a stream is cut
 * or the client leaves before usage arrives — what is charged, which must
 * never be less than what was produced.
 *
 * Input: the request body's bytes / 4. The body's JSON syntax and base64
 * images inflate it, so it over-counts text-only prompts (~4 characters per
 * token) — held, then released at settle.
 */
export function estimateInputTokens(bodyBytes: number): number {
  return Math.max(1, Math.ceil(bodyBytes / 4));
}

/** Output: 3 characters per token (code and non-English text run denser than prose's 4). */
export function estimateOutputTokens(characters: number): number {
  return Math.ceil(characters / 3);
}

/** The cost of `inputTokens` uncached input and `outputTokens` output; undefined when the price is unknown. */
export function costOfTokens(pricing: ModelPrice | undefined, inputTokens: number, outputTokens: number) {
  return computeCostUsd(usageOf(inputTokens, outputTokens), pricing);
}

function usageOf(inputTokens: number, outputTokens: number): Usage {
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
  };
}
