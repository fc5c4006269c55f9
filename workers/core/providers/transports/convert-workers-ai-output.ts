/**
 * A whole `env.AI.run()` output (native or OpenAI-shaped, see
 * workers-ai-output-api.ts) → an OpenAI `chat.completion`
 * (https://platform.openai.com/docs/api-reference/chat/object).
 */
import type { WorkersAiChatMeta } from "./workers-ai-chat-stream.ts";
import {
  toChatUsage,
  type WorkersAiOutput,
  type WorkersAiToolCall,
  workersAiArgumentsText,
  workersAiResponseText,
} from "./workers-ai-output-api.ts";

interface ChoiceSource {
  content: string;
  reasoning: string | undefined;
  toolCalls: readonly WorkersAiToolCall[];
  finishReason: string | undefined;
}

function chatToolCall(call: WorkersAiToolCall, newToolCallId: () => string) {
  return {
    id: call.id ?? newToolCallId(),
    type: "function",
    function: {
      name: call.function?.name ?? call.name ?? "",
      arguments: workersAiArgumentsText(call.function?.arguments ?? call.arguments) ?? "{}",
    },
  };
}

function chatChoice(source: ChoiceSource, index: number, newToolCallId: () => string) {
  const toolCalls = source.toolCalls.map((call) => chatToolCall(call, newToolCallId));
  const message: Record<string, unknown> = {
    role: "assistant",
    content: source.content === "" && toolCalls.length > 0 ? null : source.content,
  };
  if (source.reasoning) message.reasoning_content = source.reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  // Native outputs report no finish reason; calls mean `tool_calls`, as OpenAI clients expect.
  const reported = source.finishReason ?? "stop";
  const finishReason = reported === "stop" && toolCalls.length > 0 ? "tool_calls" : reported;
  return { index, message, finish_reason: finishReason, logprobs: null };
}

function choiceSources(output: WorkersAiOutput): ChoiceSource[] {
  const choices = output.choices ?? [];
  if (choices.length === 0) {
    return [
      {
        content: workersAiResponseText(output.response),
        reasoning: undefined,
        toolCalls: output.tool_calls ?? [],
        finishReason: output.finish_reason ?? undefined,
      },
    ];
  }
  return choices.map((choice) => {
    const message = choice.message ?? choice.delta;
    return {
      content: message?.content ?? "",
      reasoning: message?.reasoning_content ?? undefined,
      toolCalls: message?.tool_calls ?? [],
      finishReason: choice.finish_reason ?? output.finish_reason ?? undefined,
    };
  });
}

export function convertWorkersAiOutput(output: WorkersAiOutput, meta: WorkersAiChatMeta): Record<string, unknown> {
  const completion: Record<string, unknown> = {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: choiceSources(output).map((source, index) => chatChoice(source, index, meta.newToolCallId)),
  };
  if (output.usage != null) completion.usage = toChatUsage(output.usage);
  return completion;
}
