import { GatewayError } from "../../errors/gateway-error.ts";
import type { IrAssistantPart } from "../../ir/request.ts";
import type { IrResponse } from "../../ir/response.ts";
import { emptyUsage } from "../../ir/usage.ts";
import { type AnthropicResponseBlock, anthropicResponseSchema } from "./anthropic-messages-api.ts";
import { convertAnthropicUsage } from "./convert-anthropic-usage.ts";
import { mapAnthropicStopReason } from "./map-anthropic-stop-reason.ts";

/** Anthropic message JSON (https://docs.anthropic.com/en/api/messages#response) → IR. */
export function decodeAnthropicResponse(body: unknown): IrResponse {
  const parsed = anthropicResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new GatewayError("upstream_error", "The upstream provider returned a malformed response.", {
      provider: "anthropic",
      cause: parsed.error,
    });
  }
  const message = parsed.data;
  const response: IrResponse = {
    id: message.id ?? "",
    model: message.model ?? "",
    content: (message.content ?? []).flatMap(decodeBlock),
    finishReason: mapAnthropicStopReason(message.stop_reason),
    usage: message.usage ? convertAnthropicUsage(message.usage) : emptyUsage(),
  };
  if (typeof message.stop_reason === "string") response.rawFinishReason = message.stop_reason;
  if (typeof message.stop_sequence === "string") response.stopSequence = message.stop_sequence;
  return response;
}

/**
 * Blocks of Anthropic-run tools (server_tool_use, web_search_tool_result, …)
 * have no IR form and are left out; the model's text around them carries the answer.
 */
function decodeBlock(block: AnthropicResponseBlock): IrAssistantPart[] {
  switch (block.type) {
    case "text":
      return [{ type: "text", text: block.text ?? "" }];
    case "tool_use":
      return [
        {
          type: "tool-call",
          id: block.id ?? "",
          name: block.name ?? "",
          arguments: JSON.stringify(block.input ?? {}),
        },
      ];
    case "thinking": {
      const signature = block.signature ?? "";
      return [{ type: "reasoning", text: block.thinking ?? "", ...(signature !== "" && { signature }) }];
    }
    case "redacted_thinking":
      return [{ type: "reasoning", text: "", redactedData: block.data ?? "" }];
    default:
      return [];
  }
}
