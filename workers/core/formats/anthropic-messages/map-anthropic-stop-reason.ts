import type { FinishReason } from "../../ir/response.ts";

/** https://docs.anthropic.com/en/api/handling-stop-reasons */
export const ANTHROPIC_STOP_REASONS = [
  "end_turn",
  "max_tokens",
  "stop_sequence",
  "tool_use",
  "pause_turn",
  "refusal",
  "model_context_window_exceeded",
] as const;
export type AnthropicStopReason = (typeof ANTHROPIC_STOP_REASONS)[number];

function isAnthropicStopReason(value: string): value is AnthropicStopReason {
  return (ANTHROPIC_STOP_REASONS as readonly string[]).includes(value);
}

/** Anthropic `stop_reason` → unified finish reason (the raw value is kept beside it by callers). */
export function mapAnthropicStopReason(stopReason: string | null | undefined): FinishReason {
  if (stopReason === null || stopReason === undefined || !isAnthropicStopReason(stopReason)) return "other";
  switch (stopReason) {
    case "end_turn":
    case "stop_sequence":
    // A server-tool loop hit its iteration limit: the turn is complete as far as the client can act on it.
    case "pause_turn":
      return "stop";
    case "max_tokens":
    // The output filled the context window: truncated, like max_tokens.
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool-calls";
    case "refusal":
      return "content-filter";
    default: {
      const unreachable: never = stopReason;
      return unreachable;
    }
  }
}

/**
 * Unified finish reason → Anthropic `stop_reason`. When the raw reason is an
 * Anthropic one that maps to the same unified reason (an Anthropic upstream),
 * it is kept, so `pause_turn`, `refusal` and `model_context_window_exceeded`
 * reach an Anthropic client unchanged.
 */
export function toAnthropicStopReason(
  finishReason: FinishReason,
  rawFinishReason?: string,
  stopSequence?: string,
): AnthropicStopReason {
  if (
    rawFinishReason !== undefined &&
    isAnthropicStopReason(rawFinishReason) &&
    mapAnthropicStopReason(rawFinishReason) === finishReason
  ) {
    return rawFinishReason;
  }
  switch (finishReason) {
    case "stop":
      return stopSequence !== undefined ? "stop_sequence" : "end_turn";
    case "length":
      return "max_tokens";
    case "tool-calls":
      return "tool_use";
    case "content-filter":
      return "refusal";
    // Anthropic has no stop reason for failures: the error itself travels as an `error` event.
    case "error":
    case "other":
      return "end_turn";
    default: {
      const unreachable: never = finishReason;
      return unreachable;
    }
  }
}
