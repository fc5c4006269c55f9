import type { Usage } from "../../ir/usage.ts";

/**
 * Canonical usage → Chat `usage`. Chat's prompt_tokens include cached (and,
 * for Anthropic-sourced usage, cache-write) tokens; completion_tokens include
 * reasoning tokens — the same totals the canonical shape keeps.
 */
export function convertToOpenAiChatUsage(usage: Usage) {
  return {
    prompt_tokens: usage.inputTokens.total,
    completion_tokens: usage.outputTokens.total,
    total_tokens: usage.inputTokens.total + usage.outputTokens.total,
    prompt_tokens_details: { cached_tokens: usage.inputTokens.cacheRead },
    completion_tokens_details: { reasoning_tokens: usage.outputTokens.reasoning },
  };
}
