import type { IrAssistantPart } from "../../ir/request.ts";
import type { IrResponse } from "../../ir/response.ts";
import type { EncodeContext } from "../format-adapter.ts";
import { toAnthropicMessageId } from "./anthropic-message-id.ts";
import { toAnthropicUsage } from "./convert-anthropic-usage.ts";
import { toAnthropicStopReason } from "./map-anthropic-stop-reason.ts";

/** IR → the Anthropic message JSON a client expects (https://docs.anthropic.com/en/api/messages#response). */
export function encodeAnthropicResponse(response: IrResponse, context: EncodeContext): Record<string, unknown> {
  return {
    id: toAnthropicMessageId(response.id, context.responseId),
    type: "message",
    role: "assistant",
    model: context.model,
    content: response.content.flatMap(encodeBlock),
    stop_reason: toAnthropicStopReason(response.finishReason, response.rawFinishReason, response.stopSequence),
    stop_sequence: response.stopSequence ?? null,
    usage: toAnthropicUsage(response.usage),
  };
}

function encodeBlock(part: IrAssistantPart): Array<Record<string, unknown>> {
  switch (part.type) {
    case "text":
      return [{ type: "text", text: part.text }];
    case "tool-call":
      return [{ type: "tool_use", id: part.id, name: part.name, input: parseArguments(part.arguments) }];
    case "reasoning":
      if (part.redactedData !== undefined) return [{ type: "redacted_thinking", data: part.redactedData }];
      // Encrypted reasoning from OpenAI has nothing to show and no Anthropic slot.
      if (part.text === "" && part.signature === undefined) return [];
      // Unsigned reasoning (another provider's) is shown with an empty signature; when the client
      // sends it back, the Anthropic request builder leaves it out.
      return [{ type: "thinking", thinking: part.text, signature: part.signature ?? "" }];
    default: {
      const unreachable: never = part;
      return unreachable;
    }
  }
}

/** Clients expect `input` as an object; arguments that are not a JSON object are wrapped, not lost. */
function parseArguments(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Wrapped below.
  }
  return { _raw_arguments: text };
}
