import type { IrAssistantPart } from "../../ir/request.ts";
import { parseToolArguments } from "./parse-tool-arguments.ts";

/**
 * Google's documented value for a function call whose signature was lost
 * (history from another model, or from a client format with no slot for it):
 * it tells Gemini 3 to skip signature validation instead of answering 400
 * (https://ai.google.dev/gemini-api/docs/thought-signatures, FAQ).
 */
export const SKIP_THOUGHT_SIGNATURE = "skip_thought_signature_validator";

export interface GeminiModelPartOptions {
  /**
   * Responses to a Gemini client keep reasoning text, as thought parts.
   * Requests drop it: Gemini's thought summaries are not model input (the
   * signature is what carries its reasoning state, and Gemini puts that on
   * the next non-thought part, kept here), and reasoning text that does carry
   * a signature is in practice Anthropic thinking, whose signature Gemini
   * refuses with a 400 ("thought signature is not valid").
   */
  keepReasoningText: boolean;
  /** Put SKIP_THOUGHT_SIGNATURE on the first function call of a turn that has none (Gemini 3 upstreams). */
  signatureSentinel: boolean;
}

/**
 * IR assistant parts → Gemini model parts. An empty reasoning part that only
 * carries a signature (see convertFromGeminiModelParts) hands its signature to
 * the part that follows; if nothing follows, it is kept as an empty text part
 * with the signature, as Gemini itself streams it. Redacted and encrypted
 * reasoning are other providers' opaque data and are dropped.
 */
export function convertToGeminiModelParts(
  parts: IrAssistantPart[],
  options: GeminiModelPartOptions,
): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  let pendingSignature: string | undefined;
  let sawFunctionCall = false;
  const takeSignature = (target: Record<string, unknown>) => {
    if (pendingSignature !== undefined) target.thoughtSignature = pendingSignature;
    pendingSignature = undefined;
    return target;
  };
  for (const part of parts) {
    switch (part.type) {
      case "reasoning":
        if (part.text === "") {
          if (part.signature === undefined) break;
          if (pendingSignature !== undefined) out.push(takeSignature({ text: "" }));
          pendingSignature = part.signature;
        } else if (options.keepReasoningText) {
          const thought: Record<string, unknown> = { text: part.text, thought: true };
          if (part.signature !== undefined) thought.thoughtSignature = part.signature;
          out.push(thought);
        }
        break;
      case "text":
        out.push(takeSignature({ text: part.text }));
        break;
      case "tool-call": {
        const call = takeSignature({
          functionCall: { id: part.id, name: part.name, args: parseToolArguments(part.arguments) },
        });
        if (!sawFunctionCall && call.thoughtSignature === undefined && options.signatureSentinel) {
          call.thoughtSignature = SKIP_THOUGHT_SIGNATURE;
        }
        sawFunctionCall = true;
        out.push(call);
        break;
      }
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }
  if (pendingSignature !== undefined) out.push(takeSignature({ text: "" }));
  return out;
}
