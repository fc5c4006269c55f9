import type { IrReasoningConfig, IrReasoningEffort, IrRequest, IrResponseFormat } from "../../ir/request.ts";
import { DroppedFieldCollector } from "../dropped-field-collector.ts";
import type { BuildRequestOptions, BuiltRequest } from "../format-adapter.ts";
import { convertToOpenAiChatMessages } from "./convert-to-openai-chat-messages.ts";
import { prepareOpenAiChatTools } from "./openai-chat-prepare-tools.ts";

const TARGET = "OpenAI Chat Completions";

/**
 * IR → Chat Completions body for any OpenAI-compatible upstream.
 * - The output limit is sent as `max_tokens`: OpenAI's current name is
 *   `max_completion_tokens`, but many compatible providers (vLLM, Ollama,
 *   Groq, older gateways) only know `max_tokens`, and OpenAI still accepts it
 *   for non-reasoning models. A provider that needs the new name renames it.
 * - Streams always ask for `stream_options.include_usage`, so cost is known.
 * - `top_k` and fields the inbound format could not map (`unmapped`) have no
 *   Chat equivalent and go through drop_params.
 */
export function convertToOpenAiChatRequest(request: IrRequest, options: BuildRequestOptions): BuiltRequest {
  const dropped = new DroppedFieldCollector(options.dropParams, TARGET);
  const body: Record<string, unknown> = {
    model: options.upstreamModel,
    messages: convertToOpenAiChatMessages(request, dropped),
    ...prepareOpenAiChatTools(request, dropped),
  };
  if (request.maxOutputTokens !== undefined) body.max_tokens = request.maxOutputTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) dropped.unsupported("topK", "top-k sampling");
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) body.stop = request.stopSequences;
  if (request.responseFormat !== undefined) body.response_format = convertResponseFormat(request.responseFormat);
  const effort = reasoningEffort(request.reasoning);
  if (effort !== undefined) body.reasoning_effort = effort;
  if (request.user !== undefined) body.user = request.user;
  for (const field of request.unmapped) dropped.unsupported(field.path);
  if (request.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return { body, dropped: dropped.paths };
}

/**
 * Chat expresses reasoning only as `reasoning_effort`. A token budget
 * (Anthropic, Gemini) is mapped to the nearest effort; "disabled" is not sent,
 * because only the newest OpenAI models accept `reasoning_effort: "none"` and
 * the rest would refuse the whole request. Summaries are a display preference
 * with no Chat field, so they are dropped silently.
 */
function reasoningEffort(reasoning: IrReasoningConfig | undefined): IrReasoningEffort | undefined {
  if (reasoning === undefined || !reasoning.enabled) return undefined;
  if (reasoning.effort !== undefined) return reasoning.effort;
  if (reasoning.budgetTokens === undefined) return undefined;
  if (reasoning.budgetTokens < 2048) return "low";
  if (reasoning.budgetTokens < 16384) return "medium";
  return "high";
}

function convertResponseFormat(format: IrResponseFormat): unknown {
  switch (format.type) {
    case "text":
    case "json_object":
      return { type: format.type };
    case "json_schema": {
      const spec: Record<string, unknown> = { name: format.name };
      if (format.description !== undefined) spec.description = format.description;
      spec.schema = format.schema;
      if (format.strict !== undefined) spec.strict = format.strict;
      return { type: "json_schema", json_schema: spec };
    }
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}
