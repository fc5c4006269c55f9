import type { IrResponse } from "../../ir/response.ts";
import type { EncodeContext } from "../format-adapter.ts";
import { toOpenAiResponsesStatus } from "./map-openai-responses-finish-reason.ts";
import { responsesItemId, responsesResponseId } from "./openai-responses-ids.ts";
import {
  functionCallOutputItem,
  messageOutputItem,
  reasoningOutputItem,
  responsesResponseObject,
} from "./openai-responses-output-items.ts";
import { toEncryptedContent } from "./openai-responses-reasoning-carrier.ts";

/** IR → a complete Responses `response` object for a non-streaming client. */
export function encodeOpenAiResponsesResponse(response: IrResponse, context: EncodeContext): Record<string, unknown> {
  const id = responsesResponseId(response.id, context);
  const output = response.content.map((part, outputIndex) => {
    switch (part.type) {
      case "text":
        return messageOutputItem(responsesItemId("msg", id, outputIndex), part.text, "completed");
      case "tool-call":
        return functionCallOutputItem(
          responsesItemId("fc", id, outputIndex),
          part.id,
          part.name,
          part.arguments,
          "completed",
        );
      case "reasoning":
        return reasoningOutputItem(
          part.id ?? responsesItemId("rs", id, outputIndex),
          part.text,
          toEncryptedContent(part),
        );
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  });
  const terminal = toOpenAiResponsesStatus(response.finishReason);
  return responsesResponseObject({
    id,
    createdAt: Math.floor(Date.now() / 1000),
    model: context.model,
    status: terminal.status,
    incompleteReason: terminal.incompleteReason,
    ...(terminal.status === "failed"
      ? { error: { code: "server_error", message: "The model failed to generate a response." } }
      : {}),
    output,
    usage: response.usage,
  });
}
