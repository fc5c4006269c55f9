import type { Usage } from "../../ir/usage.ts";
import type { AnthropicUsage } from "./anthropic-messages-api.ts";

/**
 * Anthropic's `input_tokens` EXCLUDES cache reads and cache writes
 * (https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance),
 * so the canonical total is their sum. `output_tokens` includes thinking, but
 * the API does not say how many of them were thinking, so all count as text.
 */
export function convertAnthropicUsage(usage: AnthropicUsage): Usage {
  const noCache = usage.input_tokens ?? 0;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const output = usage.output_tokens ?? 0;
  return {
    inputTokens: { total: noCache + cacheRead + cacheWrite, noCache, cacheRead, cacheWrite },
    outputTokens: { total: output, text: output, reasoning: 0 },
    raw: usage,
  };
}

/**
 * Anthropic reports usage in pieces: `message_start` carries the input side,
 * `message_delta` carries cumulative output (and, on newer API versions, the
 * input side again). Fields present in `update` replace those in `base`.
 */
export function mergeAnthropicUsage(base: AnthropicUsage, update: AnthropicUsage): AnthropicUsage {
  const merged: AnthropicUsage = { ...base };
  for (const [key, value] of Object.entries(update)) {
    if (value !== null && value !== undefined) merged[key] = value;
  }
  return merged;
}

export interface AnthropicWireUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
}

/** Canonical usage → Anthropic's shape: `input_tokens` is the uncached part only. */
export function toAnthropicUsage(usage: Usage): AnthropicWireUsage {
  return {
    input_tokens: usage.inputTokens.noCache,
    cache_creation_input_tokens: usage.inputTokens.cacheWrite,
    cache_read_input_tokens: usage.inputTokens.cacheRead,
    output_tokens: usage.outputTokens.total,
  };
}
