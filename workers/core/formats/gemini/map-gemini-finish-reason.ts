import type { FinishReason } from "../../ir/response.ts";

/**
 * Gemini `Candidate.finishReason` → unified
 * (https://ai.google.dev/api/generate-content#FinishReason). Gemini answers
 * STOP when the turn ends in function calls; clients loop on the tool-calls
 * signal, so function calls turn STOP into "tool-calls". Safety-type blocks
 * (SAFETY, RECITATION, BLOCKLIST, PROHIBITED_CONTENT, SPII, IMAGE_*) are
 * content filters; the raw value is kept beside the unified one.
 */
export function mapGeminiFinishReason(raw: string | null | undefined, hasToolCalls: boolean): FinishReason {
  switch (raw) {
    case "STOP":
      return hasToolCalls ? "tool-calls" : "stop";
    case "MAX_TOKENS":
      return "length";
    case "SAFETY":
    case "RECITATION":
    case "BLOCKLIST":
    case "PROHIBITED_CONTENT":
    case "SPII":
    case "IMAGE_SAFETY":
    case "IMAGE_PROHIBITED_CONTENT":
    case "IMAGE_RECITATION":
      return "content-filter";
    default:
      // OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS, …
      return "other";
  }
}

/** Unified → Gemini. Gemini has no tool-calls or error reason: a turn with function calls ends in STOP. */
export function toGeminiFinishReason(reason: FinishReason): string {
  switch (reason) {
    case "stop":
    case "tool-calls":
      return "STOP";
    case "length":
      return "MAX_TOKENS";
    case "content-filter":
      return "SAFETY";
    case "error":
    case "other":
      return "OTHER";
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}
