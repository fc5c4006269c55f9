import type { FinishReason } from "../../ir/response.ts";

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_MessageStopEvent.html */
export const BEDROCK_STOP_REASONS = [
  "end_turn",
  "tool_use",
  "max_tokens",
  "stop_sequence",
  "guardrail_intervened",
  "content_filtered",
  "malformed_model_output",
  "malformed_tool_use",
  "model_context_window_exceeded",
] as const;
export type BedrockStopReason = (typeof BEDROCK_STOP_REASONS)[number];

function isBedrockStopReason(value: string): value is BedrockStopReason {
  return (BEDROCK_STOP_REASONS as readonly string[]).includes(value);
}

/** Converse `stopReason` → unified finish reason (callers keep the raw value beside it). */
export function mapBedrockStopReason(stopReason: string | null | undefined): FinishReason {
  if (stopReason === null || stopReason === undefined || !isBedrockStopReason(stopReason)) return "other";
  switch (stopReason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
    // The output filled the context window: truncated, like max_tokens.
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool-calls";
    case "guardrail_intervened":
    case "content_filtered":
      return "content-filter";
    // The model produced output Bedrock could not parse: the turn ended, but not cleanly.
    case "malformed_model_output":
    case "malformed_tool_use":
      return "other";
    default: {
      const unreachable: never = stopReason;
      return unreachable;
    }
  }
}
