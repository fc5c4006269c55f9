import type { IrAssistantPart } from "../../ir/request.ts";
import type { GeminiToolCallIds } from "./gemini-tool-call-ids.ts";

/** The fields of a model Part the IR can hold; request and response parts both fit. */
export interface GeminiModelPartLike {
  text?: string | null | undefined;
  thought?: boolean | null | undefined;
  thoughtSignature?: string | null | undefined;
  functionCall?:
    | { id?: string | null | undefined; name?: string | null | undefined; args?: unknown }
    | null
    | undefined;
}

/**
 * Model parts → IR assistant parts, for decoded responses and for model turns
 * in inbound requests.
 * - `thought: true` parts are reasoning, with their signature if any.
 * - A thoughtSignature on any other part (Gemini 3 puts it on the first
 *   functionCall, or on the last text part) becomes an empty reasoning part
 *   carrying only the signature, placed just before that part: the IR has no
 *   signature slot on tool calls or text, and the Gemini builder re-attaches
 *   such a signature to the part that follows it, so it round-trips exactly.
 * - functionCall args (an object) become the JSON text of the IR tool call.
 */
export function convertFromGeminiModelParts(parts: GeminiModelPartLike[], ids: GeminiToolCallIds): IrAssistantPart[] {
  const out: IrAssistantPart[] = [];
  for (const part of parts) {
    if (part.thought === true) {
      const reasoning: IrAssistantPart = { type: "reasoning", text: part.text ?? "" };
      if (part.thoughtSignature) reasoning.signature = part.thoughtSignature;
      out.push(reasoning);
      continue;
    }
    if (part.thoughtSignature) out.push({ type: "reasoning", text: "", signature: part.thoughtSignature });
    if (part.functionCall != null) {
      out.push({
        type: "tool-call",
        id: ids.next(part.functionCall.id),
        name: part.functionCall.name ?? "",
        arguments: JSON.stringify(part.functionCall.args ?? {}),
      });
    } else if (part.text) {
      out.push({ type: "text", text: part.text });
    }
  }
  return out;
}
