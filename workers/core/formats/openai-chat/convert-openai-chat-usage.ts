import type { Usage } from "../../ir/usage.ts";
import type { OpenAiChatUsage } from "./openai-chat-api.ts";

/** OpenAI's prompt_tokens include cached tokens; completion_tokens include reasoning. */
export function convertOpenAiChatUsage(usage: OpenAiChatUsage): Usage {
  const inputTotal = usage.prompt_tokens ?? 0;
  const cacheRead = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const outputTotal = usage.completion_tokens ?? 0;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: { total: inputTotal, noCache: Math.max(0, inputTotal - cacheRead), cacheRead, cacheWrite: 0 },
    outputTokens: { total: outputTotal, text: Math.max(0, outputTotal - reasoning), reasoning },
    raw: usage,
  };
}
