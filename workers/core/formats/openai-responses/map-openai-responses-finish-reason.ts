import type { FinishReason } from "../../ir/response.ts";

export interface ResponsesTerminalState {
  /** `response.status`: completed, incomplete, failed, cancelled, in_progress, queued. */
  status: string | null | undefined;
  /** `response.incomplete_details.reason`: max_output_tokens or content_filter. */
  incompleteReason: string | null | undefined;
  /** The Responses API has no "tool_calls" status: a completed response that ends in function calls means that. */
  hasFunctionCall: boolean;
}

/** Responses status (+ incomplete reason) → unified finish reason, keeping the raw value. */
export function mapOpenAiResponsesFinishReason(state: ResponsesTerminalState): {
  finishReason: FinishReason;
  rawFinishReason: string;
} {
  switch (state.status) {
    case "completed":
      return { finishReason: state.hasFunctionCall ? "tool-calls" : "stop", rawFinishReason: "completed" };
    case "incomplete": {
      const reason = state.incompleteReason ?? "incomplete";
      if (reason === "max_output_tokens") return { finishReason: "length", rawFinishReason: reason };
      if (reason === "content_filter") return { finishReason: "content-filter", rawFinishReason: reason };
      return { finishReason: "other", rawFinishReason: reason };
    }
    case "failed":
      return { finishReason: "error", rawFinishReason: "failed" };
    default:
      return { finishReason: "other", rawFinishReason: state.status ?? "unknown" };
  }
}

export type ResponsesTerminalStatus =
  | { status: "completed"; incompleteReason: null }
  | { status: "incomplete"; incompleteReason: "max_output_tokens" | "content_filter" }
  | { status: "failed"; incompleteReason: null };

/** Unified finish reason → the status a Responses client expects on the final response object. */
export function toOpenAiResponsesStatus(finishReason: FinishReason): ResponsesTerminalStatus {
  switch (finishReason) {
    case "stop":
    case "tool-calls":
    case "other":
      return { status: "completed", incompleteReason: null };
    case "length":
      return { status: "incomplete", incompleteReason: "max_output_tokens" };
    case "content-filter":
      return { status: "incomplete", incompleteReason: "content_filter" };
    case "error":
      return { status: "failed", incompleteReason: null };
    default: {
      const unreachable: never = finishReason;
      return unreachable;
    }
  }
}
