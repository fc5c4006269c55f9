import { GatewayError } from "../../errors/gateway-error.ts";
import type { IrAssistantPart } from "../../ir/request.ts";
import type { IrResponse } from "../../ir/response.ts";
import { emptyUsage } from "../../ir/usage.ts";
import { convertOpenAiResponsesUsage } from "./convert-openai-responses-usage.ts";
import { mapOpenAiResponsesFinishReason } from "./map-openai-responses-finish-reason.ts";
import type { OpenAiResponsesOutputItem } from "./openai-responses-api.ts";
import { openAiResponsesResponseSchema } from "./openai-responses-api.ts";

/** An upstream `response` object (non-streaming) → IR. */
export function decodeOpenAiResponsesResponse(body: unknown): IrResponse {
  const parsed = openAiResponsesResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new GatewayError("upstream_error", "The upstream returned a response the gateway could not read.", {
      cause: parsed.error,
    });
  }
  const response = parsed.data;
  const content = (response.output ?? []).flatMap(convertOutputItem);
  const { finishReason, rawFinishReason } = mapOpenAiResponsesFinishReason({
    status: response.status,
    incompleteReason: response.incomplete_details?.reason,
    hasFunctionCall: content.some((part) => part.type === "tool-call"),
  });
  return {
    id: response.id ?? "",
    model: response.model ?? "",
    content,
    finishReason,
    rawFinishReason,
    usage: response.usage ? convertOpenAiResponsesUsage(response.usage) : emptyUsage(),
  };
}

/**
 * message → text parts (a refusal is text the model wrote); function_call →
 * tool call; reasoning → reasoning with its summary and encrypted content.
 * Items of hosted tools (web_search_call…) ran at OpenAI and have no IR form.
 */
export function convertOutputItem(item: OpenAiResponsesOutputItem): IrAssistantPart[] {
  switch (item.type) {
    case "message":
      return (item.content ?? []).flatMap((part): IrAssistantPart[] => {
        const text = part.type === "refusal" ? part.refusal : part.text;
        return typeof text === "string" ? [{ type: "text", text }] : [];
      });
    case "function_call":
      return [
        {
          type: "tool-call",
          id: item.call_id ?? item.id ?? "",
          name: item.name ?? "",
          arguments: item.arguments ?? "",
        },
      ];
    case "reasoning": {
      const text = (item.summary ?? []).map((part) => part.text ?? "").join("\n\n");
      const reasoning: IrAssistantPart = { type: "reasoning", text };
      if (typeof item.encrypted_content === "string") reasoning.encryptedContent = item.encrypted_content;
      if (typeof item.id === "string") reasoning.id = item.id;
      return [reasoning];
    }
    default:
      return [];
  }
}
