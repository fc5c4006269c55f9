import { GatewayError } from "../../errors/gateway-error.ts";
import type { IrAssistantPart } from "../../ir/request.ts";
import type { IrResponse } from "../../ir/response.ts";
import { emptyUsage } from "../../ir/usage.ts";
import { type BedrockResponseBlock, bedrockResponseSchema } from "./bedrock-converse-api.ts";
import { convertBedrockUsage } from "./convert-bedrock-usage.ts";
import { mapBedrockStopReason } from "./map-bedrock-stop-reason.ts";

/**
 * Converse response JSON (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax)
 * → IR. The body has neither an id nor the model: `id` and `model` are left
 * empty, and encoders fall back to the gateway's response id and the client's model.
 */
export function decodeBedrockResponse(body: unknown): IrResponse {
  const parsed = bedrockResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new GatewayError("upstream_error", "The upstream provider returned a malformed response.", {
      provider: "bedrock",
      cause: parsed.error,
    });
  }
  const data = parsed.data;
  const response: IrResponse = {
    id: "",
    model: "",
    content: (data.output?.message?.content ?? []).flatMap(decodeBlock),
    finishReason: mapBedrockStopReason(data.stopReason),
    usage: data.usage ? convertBedrockUsage(data.usage) : emptyUsage(),
  };
  if (typeof data.stopReason === "string") response.rawFinishReason = data.stopReason;
  return response;
}

/** Blocks the IR cannot hold (citations, images, guardrail content) are left out. */
function decodeBlock(block: BedrockResponseBlock): IrAssistantPart[] {
  if (typeof block.text === "string") return [{ type: "text", text: block.text }];
  if (block.toolUse) {
    return [
      {
        type: "tool-call",
        id: block.toolUse.toolUseId ?? "",
        name: block.toolUse.name ?? "",
        arguments: JSON.stringify(block.toolUse.input ?? {}),
      },
    ];
  }
  const reasoning = block.reasoningContent;
  if (reasoning?.reasoningText) {
    const signature = reasoning.reasoningText.signature ?? "";
    return [{ type: "reasoning", text: reasoning.reasoningText.text ?? "", ...(signature !== "" && { signature }) }];
  }
  if (typeof reasoning?.redactedContent === "string") {
    return [{ type: "reasoning", text: "", redactedData: reasoning.redactedContent }];
  }
  return [];
}
