import { GatewayError } from "../../errors/gateway-error.ts";
import type { IrAssistantPart } from "../../ir/request.ts";
import type { IrResponse } from "../../ir/response.ts";
import { emptyUsage } from "../../ir/usage.ts";
import { convertOpenAiChatUsage } from "./convert-openai-chat-usage.ts";
import { generateToolCallId } from "./generate-tool-call-id.ts";
import { mapOpenAiChatFinishReason } from "./map-openai-chat-finish-reason.ts";
import { type OpenAiChatResponseMessage, openAiChatCompletionSchema } from "./openai-chat-api.ts";

/**
 * An upstream chat.completion → IR. Only the first choice is read: the
 * gateway never asks for more (`n` > 1 is refused or dropped on the way in).
 * Reasoning from compatible providers (`reasoning_content`, `reasoning`)
 * comes first, as it was produced before the answer.
 */
export function decodeOpenAiChatResponse(body: unknown): IrResponse {
  const parsed = openAiChatCompletionSchema.safeParse(body);
  if (!parsed.success) {
    throw new GatewayError("upstream_error", "The upstream returned a chat completion the gateway could not read.", {
      cause: parsed.error,
    });
  }
  const completion = parsed.data;
  const choice = completion.choices?.[0];
  const content = convertMessage(choice?.message);
  const hasToolCalls = content.some((part) => part.type === "tool-call");
  const response: IrResponse = {
    id: completion.id ?? "",
    model: completion.model ?? "",
    content,
    finishReason: mapOpenAiChatFinishReason(choice?.finish_reason, hasToolCalls),
    usage: completion.usage ? convertOpenAiChatUsage(completion.usage) : emptyUsage(),
  };
  if (choice?.finish_reason != null) response.rawFinishReason = choice.finish_reason;
  return response;
}

function convertMessage(message: OpenAiChatResponseMessage | null | undefined): IrAssistantPart[] {
  const content: IrAssistantPart[] = [];
  if (message == null) return content;
  const reasoning = reasoningText(message);
  if (reasoning !== "") content.push({ type: "reasoning", text: reasoning });
  if (message.content) content.push({ type: "text", text: message.content });
  if (message.refusal) content.push({ type: "text", text: message.refusal });
  for (const call of message.tool_calls ?? []) {
    content.push({
      type: "tool-call",
      id: call.id ?? generateToolCallId(),
      name: call.function?.name ?? "",
      arguments: call.function?.arguments ?? "",
    });
  }
  return content;
}

/** DeepSeek/vLLM send `reasoning_content`, OpenRouter/Groq `reasoning`; only strings are reasoning text. */
export function reasoningText(message: Pick<OpenAiChatResponseMessage, "reasoning_content" | "reasoning">): string {
  if (typeof message.reasoning_content === "string") return message.reasoning_content;
  if (typeof message.reasoning === "string") return message.reasoning;
  return "";
}
