import type { IrResponse } from "../../ir/response.ts";
import type { EncodeContext } from "../format-adapter.ts";
import { convertToGeminiModelParts } from "./convert-to-gemini-model-parts.ts";
import { convertToGeminiUsage } from "./convert-to-gemini-usage.ts";
import { toGeminiFinishReason } from "./map-gemini-finish-reason.ts";

/**
 * IR → GenerateContentResponse for a Gemini client. Reasoning is returned as
 * thought parts (what Gemini sends with includeThoughts), signatures where the
 * IR has them. A candidate without parts has no `content`, as Gemini sends a
 * blocked candidate.
 */
export function encodeGeminiResponse(response: IrResponse, context: EncodeContext) {
  const parts = convertToGeminiModelParts(response.content, { keepReasoningText: true, signatureSentinel: false });
  const candidate: Record<string, unknown> = {};
  if (parts.length > 0) candidate.content = { role: "model", parts };
  candidate.finishReason = toGeminiFinishReason(response.finishReason);
  candidate.index = 0;
  return {
    candidates: [candidate],
    usageMetadata: convertToGeminiUsage(response.usage),
    modelVersion: context.model,
    responseId: response.id === "" ? context.responseId : response.id,
  };
}
