import type { IrResponse } from "../../ir/response.ts";
import type { EncodeContext } from "../format-adapter.ts";
import { convertToOpenAiChatUsage } from "./convert-to-openai-chat-usage.ts";
import { toOpenAiChatFinishReason } from "./map-openai-chat-finish-reason.ts";

/**
 * IR → chat.completion for a Chat client. Text parts are concatenated without
 * a separator, exactly as the stream encoder emits them as consecutive content
 * deltas. Reasoning text is returned as `reasoning_content` (the DeepSeek
 * extension OpenAI-compatible clients such as the AI SDK read; the OpenAI SDK
 * ignores it). Signatures and encrypted reasoning have no Chat slot.
 */
export function encodeOpenAiChatResponse(response: IrResponse, context: EncodeContext) {
  let text = "";
  let reasoning = "";
  const toolCalls: unknown[] = [];
  for (const part of response.content) {
    switch (part.type) {
      case "text":
        text += part.text;
        break;
      case "reasoning":
        reasoning += part.text;
        break;
      case "tool-call":
        toolCalls.push({ id: part.id, type: "function", function: { name: part.name, arguments: part.arguments } });
        break;
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }
  // OpenAI sends `content: null` beside tool calls, and a string otherwise.
  const content = text === "" && toolCalls.length > 0 ? null : text;
  const message: Record<string, unknown> = { role: "assistant", content, refusal: null };
  if (reasoning !== "") message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: openAiChatCompletionId(response.id, context),
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: context.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: toOpenAiChatFinishReason(response.finishReason) }],
    usage: convertToOpenAiChatUsage(response.usage),
  };
}

/** Keeps an upstream `chatcmpl-…` id (useful when correlating with the provider); anything else gets ours. */
export function openAiChatCompletionId(upstreamId: string, context: EncodeContext): string {
  if (upstreamId.startsWith("chatcmpl-")) return upstreamId;
  return context.responseId.startsWith("chatcmpl-") ? context.responseId : `chatcmpl-${context.responseId}`;
}
