import type { Usage } from "../../ir/usage.ts";
import type { BedrockUsage } from "./bedrock-converse-api.ts";

/**
 * Bedrock's `inputTokens` EXCLUDES `cacheReadInputTokens` and
 * `cacheWriteInputTokens` (like Anthropic's input_tokens; Bedrock prompt
 * caching docs), so the canonical input total is their sum. Converse does
 * not say how many output tokens were reasoning: all count as text.
 */
export function convertBedrockUsage(usage: BedrockUsage): Usage {
  const noCache = usage.inputTokens ?? 0;
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    inputTokens: { total: noCache + cacheRead + cacheWrite, noCache, cacheRead, cacheWrite },
    outputTokens: { total: output, text: output, reasoning: 0 },
    raw: usage,
  };
}
