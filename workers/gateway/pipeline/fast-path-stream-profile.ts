import type { ApiFormat } from "../../core/formats/api-format.ts";
import type { SseEvent } from "../../core/sse/sse-event.ts";

/**
 * For the same-format fast path: which events of each format carry usage and
 * which one ends a complete stream. Matching is on event names or cheap
 * substring checks, never a JSON parse. A usage event goes into a named slot
 * and replaces the previous one there, so the tap holds a constant number of
 * events however long the stream (Gemini repeats usageMetadata in every chunk).
 */
export interface FastPathStreamProfile {
  usageSlot(event: SseEvent): string | undefined;
  isTerminal(event: SseEvent): boolean;
}

const RESPONSES_TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);

function responsesEventType(event: SseEvent): string | undefined {
  if (event.event !== undefined) return event.event;
  const match = /"type"\s*:\s*"([^"]+)"/.exec(event.data);
  return match?.[1];
}

export function fastPathStreamProfile(format: ApiFormat): FastPathStreamProfile {
  switch (format) {
    case "openai-chat":
      return {
        usageSlot: (event) =>
          event.data.includes('"usage":{') || event.data.includes('"usage": {') ? "usage" : undefined,
        isTerminal: (event) => event.data === "[DONE]",
      };
    case "anthropic-messages":
      return {
        usageSlot: (event) =>
          event.event === "message_start" || event.event === "message_delta" ? event.event : undefined,
        isTerminal: (event) => event.event === "message_stop",
      };
    case "openai-responses":
      return {
        // response.created is kept too: an early close must reuse the upstream's response id.
        usageSlot: (event) => {
          const type = responsesEventType(event) ?? "";
          if (type === "response.created") return "created";
          return RESPONSES_TERMINAL.has(type) ? "usage" : undefined;
        },
        isTerminal: (event) => RESPONSES_TERMINAL.has(responsesEventType(event) ?? ""),
      };
    case "gemini":
      return {
        usageSlot: (event) => (event.data.includes('"usageMetadata"') ? "usage" : undefined),
        isTerminal: (event) => event.data.includes('"finishReason"'),
      };
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}
