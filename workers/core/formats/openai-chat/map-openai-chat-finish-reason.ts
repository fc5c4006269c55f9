import type { FinishReason } from "../../ir/response.ts";

/**
 * Chat `finish_reason` → unified (https://platform.openai.com/docs/api-reference/chat/object).
 * Some compatible providers answer "stop" even when the turn ends in tool
 * calls; clients loop on the tool-calls signal, so tool calls win.
 */
export function mapOpenAiChatFinishReason(raw: string | null | undefined, hasToolCalls: boolean): FinishReason {
  if (hasToolCalls && (raw === "stop" || raw === "tool_calls" || raw === "function_call")) return "tool-calls";
  switch (raw) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "tool_calls":
    case "function_call":
      return "tool-calls";
    case "content_filter":
      return "content-filter";
    default:
      return "other";
  }
}

/**
 * Unified → Chat. Chat has no "error" reason: after an in-band error chunk the
 * stream still needs a finish_reason (OpenCode loops without one, the SDK's
 * `.stream()` throws), and "stop" is the value every client accepts.
 */
export function toOpenAiChatFinishReason(reason: FinishReason): string {
  switch (reason) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "tool-calls":
      return "tool_calls";
    case "content-filter":
      return "content_filter";
    case "error":
    case "other":
      return "stop";
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}
