import type { Usage } from "../../ir/usage.ts";
import type { OpenAiResponsesUsage } from "./openai-responses-api.ts";

/**
 * Responses usage → canonical. Like Chat Completions, `input_tokens` already
 * include `input_tokens_details.cached_tokens`, and `output_tokens` include
 * `output_tokens_details.reasoning_tokens` (API reference › Responses › usage).
 * OpenAI caches automatically and does not bill cache writes separately.
 */
export function convertOpenAiResponsesUsage(usage: OpenAiResponsesUsage): Usage {
  const inputTotal = usage.input_tokens ?? 0;
  const cacheRead = usage.input_tokens_details?.cached_tokens ?? 0;
  const outputTotal = usage.output_tokens ?? 0;
  const reasoning = usage.output_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: { total: inputTotal, noCache: Math.max(0, inputTotal - cacheRead), cacheRead, cacheWrite: 0 },
    outputTokens: { total: outputTotal, text: Math.max(0, outputTotal - reasoning), reasoning },
    raw: usage,
  };
}

export interface ResponsesUsageWire {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/**
 * Canonical → Responses usage for clients. Canonical input totals already
 * include cache reads and writes (whatever the provider counted), which is
 * what OpenAI's `input_tokens` means too.
 */
export function encodeOpenAiResponsesUsage(usage: Usage): ResponsesUsageWire {
  return {
    input_tokens: usage.inputTokens.total,
    input_tokens_details: { cached_tokens: usage.inputTokens.cacheRead },
    output_tokens: usage.outputTokens.total,
    output_tokens_details: { reasoning_tokens: usage.outputTokens.reasoning },
    total_tokens: usage.inputTokens.total + usage.outputTokens.total,
  };
}
