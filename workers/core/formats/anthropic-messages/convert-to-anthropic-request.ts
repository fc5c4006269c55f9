import type { IrReasoningConfig, IrReasoningEffort, IrRequest, IrUnmappedField } from "../../ir/request.ts";
import type { BuildRequestOptions, BuiltRequest } from "../format-adapter.ts";
import { UnsupportedFieldPolicy } from "../unsupported-field-policy.ts";
import type { AnthropicEffort } from "./anthropic-messages-api.ts";
import { prepareAnthropicTools } from "./anthropic-prepare-tools.ts";
import { canPassThroughToAnthropic, parseFieldPath, setAtPath } from "./anthropic-unmapped-passthrough.ts";
import { convertToAnthropicMessages } from "./convert-to-anthropic-messages.ts";

/** Used when the client set no limit; Anthropic requires `max_tokens`. */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * IR → Anthropic Messages body (https://docs.anthropic.com/en/api/messages).
 * What Anthropic cannot express is refused with a 400 naming it, or dropped
 * under drop_params and listed in `dropped`.
 */
export function convertToAnthropicRequest(request: IrRequest, options: BuildRequestOptions): BuiltRequest {
  const policy = new UnsupportedFieldPolicy(options.dropParams, "Anthropic Messages");
  // Unmapped fields first, so a refusal names the client's own field before anything derived.
  const passThrough: IrUnmappedField[] = [];
  for (const field of request.unmapped) {
    if (canPassThroughToAnthropic(field)) passThrough.push(field);
    else policy.report(field.path, "the gateway cannot translate this field for it");
  }

  const { system, messages } = convertToAnthropicMessages(request, policy);
  const body: Record<string, unknown> = {
    model: options.upstreamModel,
    max_tokens: request.maxOutputTokens ?? defaultMaxTokens(request.reasoning),
  };
  if (system.length > 0) body.system = system;
  body.messages = messages;

  const { tools, toolChoice, toolIndexMap } = prepareAnthropicTools(request, policy);
  if (tools.length > 0) body.tools = tools;
  if (toolChoice !== undefined) body.tool_choice = toolChoice;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    body.stop_sequences = request.stopSequences;
  }
  if (request.stream) body.stream = true;
  if (request.user !== undefined) body.metadata = { user_id: request.user };

  const outputConfig: Record<string, unknown> = {};
  if (request.reasoning !== undefined) {
    body.thinking = toAnthropicThinking(request.reasoning);
    // reasoning.summary has no Anthropic switch: thinking is returned summarized by default.
    if (request.reasoning.effort !== undefined) outputConfig.effort = toAnthropicEffort(request.reasoning.effort);
  }
  const format = request.responseFormat;
  switch (format?.type) {
    case undefined:
    case "text":
      break;
    case "json_schema":
      // Structured outputs: the schema is enforced (always strict); name and description have no slot.
      outputConfig.format = { type: "json_schema", schema: format.schema };
      break;
    case "json_object":
      policy.report(
        "response_format",
        "Anthropic has structured outputs with a JSON schema, but no schema-less JSON mode",
      );
      break;
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
  if (Object.keys(outputConfig).length > 0) body.output_config = outputConfig;

  for (const field of passThrough) {
    const path = parseFieldPath(field.path);
    if (path[0] === "tools" && typeof path[1] === "number") {
      const index = toolIndexMap.get(path[1]);
      if (index === undefined) continue;
      path[1] = index;
    }
    setAtPath(body, path, field.value);
  }
  return { body, dropped: policy.dropped };
}

/** `max_tokens` must exceed `thinking.budget_tokens` (extended thinking docs, "Max tokens and context window"). */
function defaultMaxTokens(reasoning: IrReasoningConfig | undefined): number {
  const budget = reasoning?.enabled ? (reasoning.budgetTokens ?? 0) : 0;
  return Math.max(DEFAULT_MAX_TOKENS, budget + DEFAULT_MAX_TOKENS);
}

/**
 * Enabled with a budget → manual extended thinking; enabled without one →
 * adaptive thinking, where the model decides (steered by effort). Adaptive
 * needs a model that supports it (Claude 4.6 and later); older models need a budget.
 */
function toAnthropicThinking(reasoning: IrReasoningConfig): Record<string, unknown> {
  if (!reasoning.enabled) return { type: "disabled" };
  if (reasoning.budgetTokens !== undefined) return { type: "enabled", budget_tokens: reasoning.budgetTokens };
  return { type: "adaptive" };
}

function toAnthropicEffort(effort: IrReasoningEffort): AnthropicEffort {
  switch (effort) {
    // Anthropic's lowest level is "low".
    case "minimal":
      return "low";
    case "low":
    case "medium":
    case "high":
    case "xhigh":
      return effort;
    default: {
      const unreachable: never = effort;
      return unreachable;
    }
  }
}
