import type { IrReasoningConfig, IrReasoningEffort, IrRequest } from "../../ir/request.ts";
import type { BuildRequestOptions, BuiltRequest } from "../format-adapter.ts";
import { UnsupportedFieldPolicy } from "../unsupported-field-policy.ts";
import { type BedrockModelFamily, bedrockModelFamily } from "./bedrock-model-family.ts";
import { prepareBedrockTools } from "./bedrock-prepare-tools.ts";
import { convertToBedrockMessages, hasToolHistory } from "./convert-to-bedrock-messages.ts";

/** Used as room for the answer beside a thinking budget when the client set no limit. */
export const DEFAULT_MAX_TOKENS = 4096;
/** Claude's smallest thinking budget (extended thinking docs). */
const MIN_THINKING_BUDGET = 1024;

/**
 * IR → Converse body (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html).
 * The model id is not in the body but in the URL (see providers/aws/bedrock-runtime-url.ts),
 * and so is streaming (`/converse-stream`). What Converse cannot express is
 * refused with a 400 naming it, or dropped under drop_params and listed in `dropped`.
 */
export function convertToBedrockRequest(request: IrRequest, options: BuildRequestOptions): BuiltRequest {
  const policy = new UnsupportedFieldPolicy(options.dropParams, "Amazon Bedrock Converse");
  for (const field of request.unmapped) policy.report(field.path, "the gateway cannot translate this field for it");
  const family = bedrockModelFamily(options.upstreamModel);

  const toolConfig = prepareBedrockTools(request, policy);
  // "The toolConfig field must be defined when using toolUse and toolResult content blocks"
  // (a Converse ValidationException). When no tool may be called, the history's
  // tool calls and results are sent as text instead, which keeps "no tools" true.
  const toolBlocksAsText = toolConfig === undefined && hasToolHistory(request.messages);
  const { system, messages } = convertToBedrockMessages(request, {
    policy,
    family,
    toolBlocksAsText,
    documentNames: new Set(),
  });

  const body: Record<string, unknown> = { messages };
  if (system.length > 0) body.system = system;

  const inferenceConfig: Record<string, unknown> = {};
  if (request.maxOutputTokens !== undefined) inferenceConfig.maxTokens = request.maxOutputTokens;
  if (request.temperature !== undefined) inferenceConfig.temperature = request.temperature;
  if (request.topP !== undefined) inferenceConfig.topP = request.topP;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    inferenceConfig.stopSequences = request.stopSequences;
  }

  // Model-specific parameters travel in additionalModelRequestFields, in the model's native names.
  const additional: Record<string, unknown> = {};
  if (request.topK !== undefined) {
    if (family === "anthropic") additional.top_k = request.topK;
    else policy.report("top_k", "Converse has no top_k for this model");
  }
  if (request.reasoning?.enabled) {
    const thinking = anthropicThinking(request.reasoning, request.maxOutputTokens, family, policy);
    if (thinking !== undefined) {
      additional.thinking = { type: "enabled", budget_tokens: thinking.budgetTokens };
      if (request.maxOutputTokens === undefined) inferenceConfig.maxTokens = thinking.maxTokens;
    }
  }
  if (Object.keys(inferenceConfig).length > 0) body.inferenceConfig = inferenceConfig;
  if (toolConfig !== undefined) body.toolConfig = toolConfig;
  if (Object.keys(additional).length > 0) body.additionalModelRequestFields = additional;

  const format = request.responseFormat;
  switch (format?.type) {
    case undefined:
    case "text":
      break;
    case "json_schema": {
      // Structured outputs (https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html):
      // the schema travels as a JSON string. Models without support answer with a 400.
      const jsonSchema: Record<string, unknown> = { schema: JSON.stringify(format.schema), name: format.name };
      if (format.description !== undefined) jsonSchema.description = format.description;
      body.outputConfig = { textFormat: { type: "json_schema", structure: { jsonSchema } } };
      break;
    }
    case "json_object":
      policy.report(
        "response_format",
        "Converse has structured outputs with a JSON schema, but no schema-less JSON mode",
      );
      break;
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
  // `user` (an abuse-tracking hint) has no Converse field; requestMetadata is for log filtering, not the same.
  return { body, dropped: policy.dropped };
}

/**
 * Reasoning → Claude's extended thinking in additionalModelRequestFields
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html).
 * `budget_tokens` must be at least 1024 and below maxTokens; a client budget
 * wins, otherwise the effort picks one. Other model families are refused:
 * their reasoning switches differ per vendor.
 */
function anthropicThinking(
  reasoning: IrReasoningConfig,
  maxOutputTokens: number | undefined,
  family: BedrockModelFamily,
  policy: UnsupportedFieldPolicy,
): { budgetTokens: number; maxTokens: number } | undefined {
  if (family !== "anthropic") {
    policy.report("reasoning", "the gateway sends reasoning settings through Converse only to Claude models");
    return undefined;
  }
  let budget = Math.max(MIN_THINKING_BUDGET, reasoning.budgetTokens ?? budgetForEffort(reasoning.effort ?? "medium"));
  if (maxOutputTokens !== undefined && budget >= maxOutputTokens) {
    if (maxOutputTokens <= MIN_THINKING_BUDGET) {
      policy.report("reasoning", `thinking needs max_tokens above ${MIN_THINKING_BUDGET}`);
      return undefined;
    }
    budget = maxOutputTokens - 1;
  }
  return { budgetTokens: budget, maxTokens: maxOutputTokens ?? budget + DEFAULT_MAX_TOKENS };
}

function budgetForEffort(effort: IrReasoningEffort): number {
  switch (effort) {
    case "minimal":
      return 1024;
    case "low":
      return 2048;
    case "medium":
      return 8192;
    case "high":
      return 16384;
    case "xhigh":
      return 32768;
    default: {
      const unreachable: never = effort;
      return unreachable;
    }
  }
}
