import { GatewayError } from "../../errors/gateway-error.ts";
import type { IrRequest, IrResponseFormat } from "../../ir/request.ts";
import type { BuildRequestOptions, BuiltRequest } from "../format-adapter.ts";
import { convertToOpenAiResponsesInput } from "./convert-to-openai-responses-input.ts";
import { prepareOpenAiResponsesTools } from "./openai-responses-prepare-tools.ts";

/**
 * IR → body for an OpenAI Responses upstream (POST /v1/responses).
 *
 * The gateway translates statelessly: every turn carries the whole
 * conversation, so we send `store: false` (nothing to keep at OpenAI, and no
 * `previous_response_id` to resolve) and, when reasoning is in play, ask for
 * `include: ["reasoning.encrypted_content"]` so reasoning can be replayed next
 * turn without server-side state (Reasoning guide › Encrypted reasoning items).
 */
export function convertToOpenAiResponsesRequest(request: IrRequest, options: BuildRequestOptions): BuiltRequest {
  const dropped: string[] = [];
  const unsupported = (param: string, message: string) => {
    if (options.dropParams) dropped.push(param);
    else throw new GatewayError("invalid_request", message, { param });
  };

  for (const field of request.unmapped) {
    unsupported(
      field.path,
      `Unsupported parameter: '${field.path}' cannot be translated for this model's provider. Remove it, or enable drop_params to ignore it.`,
    );
  }
  if (request.topK !== undefined) {
    unsupported("top_k", "Unsupported parameter: 'top_k' is not supported by the OpenAI Responses API.");
  }
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    unsupported("stop", "Unsupported parameter: stop sequences are not supported by the OpenAI Responses API.");
  }

  const { input, replaysReasoning } = convertToOpenAiResponsesInput(request.messages);
  const tools = prepareOpenAiResponsesTools(request.tools, request.toolChoice, options.dropParams);
  dropped.push(...tools.dropped);

  const body: Record<string, unknown> = { model: options.upstreamModel };
  const instructions = request.system.map((part) => part.text).join("\n\n");
  if (instructions !== "") body.instructions = instructions;
  body.input = input;
  if (tools.tools.length > 0) body.tools = tools.tools;
  if (tools.toolChoice !== undefined) body.tool_choice = tools.toolChoice;
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.maxOutputTokens !== undefined) body.max_output_tokens = request.maxOutputTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.responseFormat !== undefined) body.text = { format: textFormat(request.responseFormat) };

  const reasoningEnabled = request.reasoning?.enabled === true;
  if (request.reasoning !== undefined && reasoningEnabled) {
    // `budgetTokens` (Anthropic/Gemini) has no Responses equivalent: without an
    // explicit effort the model's default effort applies.
    const reasoning: Record<string, unknown> = {};
    if (request.reasoning.effort !== undefined) reasoning.effort = request.reasoning.effort;
    if (request.reasoning.summary !== undefined) reasoning.summary = request.reasoning.summary;
    body.reasoning = reasoning;
  }
  body.stream = request.stream;
  body.store = false;
  if (reasoningEnabled || replaysReasoning) body.include = ["reasoning.encrypted_content"];
  if (request.user !== undefined) body.user = request.user;
  return { body, dropped };
}

function textFormat(format: IrResponseFormat): Record<string, unknown> {
  switch (format.type) {
    case "text":
    case "json_object":
      return { type: format.type };
    case "json_schema":
      return {
        type: "json_schema",
        name: format.name,
        schema: format.schema,
        ...(format.strict === undefined ? {} : { strict: format.strict }),
        ...(format.description === undefined ? {} : { description: format.description }),
      };
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}
