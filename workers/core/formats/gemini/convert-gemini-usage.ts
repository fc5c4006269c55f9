import type { Usage } from "../../ir/usage.ts";
import type { GeminiUsageMetadata } from "./gemini-api.ts";

/**
 * Gemini `usageMetadata` → canonical usage
 * (https://ai.google.dev/api/generate-content#UsageMetadata).
 * promptTokenCount already includes cachedContentTokenCount; tool-use prompt
 * tokens (built-in tools' results) are billed as input and added to it.
 * candidatesTokenCount excludes thinking: output total = candidates + thoughts.
 */
export function convertGeminiUsage(metadata: GeminiUsageMetadata): Usage {
  const inputTotal = (metadata.promptTokenCount ?? 0) + (metadata.toolUsePromptTokenCount ?? 0);
  const cacheRead = metadata.cachedContentTokenCount ?? 0;
  const text = metadata.candidatesTokenCount ?? 0;
  const reasoning = metadata.thoughtsTokenCount ?? 0;
  return {
    inputTokens: { total: inputTotal, noCache: Math.max(0, inputTotal - cacheRead), cacheRead, cacheWrite: 0 },
    outputTokens: { total: text + reasoning, text, reasoning },
    raw: metadata,
  };
}
