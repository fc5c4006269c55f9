import type { Usage } from "../../ir/usage.ts";

/**
 * Canonical usage → Gemini `usageMetadata` for a Gemini client: the prompt
 * count includes cached tokens, candidates exclude thinking, and zero-valued
 * optional counts are left out as Gemini does.
 */
export function convertToGeminiUsage(usage: Usage) {
  const metadata: Record<string, number> = {
    promptTokenCount: usage.inputTokens.total,
    candidatesTokenCount: Math.max(0, usage.outputTokens.total - usage.outputTokens.reasoning),
  };
  if (usage.inputTokens.cacheRead > 0) metadata.cachedContentTokenCount = usage.inputTokens.cacheRead;
  if (usage.outputTokens.reasoning > 0) metadata.thoughtsTokenCount = usage.outputTokens.reasoning;
  metadata.totalTokenCount = usage.inputTokens.total + usage.outputTokens.total;
  return metadata;
}
