import { GatewayError } from "../../errors/gateway-error.ts";
import type { IrResponse } from "../../ir/response.ts";
import { emptyUsage } from "../../ir/usage.ts";
import { convertFromGeminiModelParts } from "./convert-from-gemini-model-parts.ts";
import { convertGeminiUsage } from "./convert-gemini-usage.ts";
import { geminiResponseSchema } from "./gemini-api.ts";
import { GeminiToolCallIds } from "./gemini-tool-call-ids.ts";
import { mapGeminiFinishReason } from "./map-gemini-finish-reason.ts";

/**
 * A GenerateContentResponse → IR. Only the first candidate is read (the
 * gateway never asks for more). A prompt blocked before generation has no
 * candidate, only `promptFeedback.blockReason`: that is a content filter.
 */
export function decodeGeminiResponse(body: unknown): IrResponse {
  const parsed = geminiResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new GatewayError("upstream_error", "The upstream returned a Gemini response the gateway could not read.", {
      cause: parsed.error,
    });
  }
  const response = parsed.data;
  const candidate = response.candidates?.[0];
  const ids = new GeminiToolCallIds(response.responseId);
  const content = convertFromGeminiModelParts(candidate?.content?.parts ?? [], ids);
  const blockReason = response.promptFeedback?.blockReason ?? undefined;
  const rawFinishReason = candidate?.finishReason ?? blockReason;
  const decoded: IrResponse = {
    id: response.responseId ?? "",
    model: response.modelVersion ?? "",
    content,
    finishReason:
      candidate == null && blockReason !== undefined
        ? "content-filter"
        : mapGeminiFinishReason(
            rawFinishReason,
            content.some((part) => part.type === "tool-call"),
          ),
    usage: response.usageMetadata ? convertGeminiUsage(response.usageMetadata) : emptyUsage(),
  };
  if (rawFinishReason != null) decoded.rawFinishReason = rawFinishReason;
  return decoded;
}
