import { zodErrorToGatewayError } from "../../errors/zod-issue-to-error.ts";
import type {
  IrReasoningConfig,
  IrReasoningEffort,
  IrRequest,
  IrResponseFormat,
  IrUnmappedField,
} from "../../ir/request.ts";
import {
  type AnthropicEffort,
  type AnthropicRequest,
  anthropicOutputConfigSchema,
  anthropicRequestSchema,
  knownKeys,
} from "./anthropic-messages-api.ts";
import { convertFromAnthropicTools } from "./anthropic-prepare-tools.ts";
import { anthropicUnmapped } from "./anthropic-unmapped-passthrough.ts";
import { convertFromAnthropicMessages, convertFromAnthropicSystem } from "./convert-from-anthropic-messages.ts";

const REQUEST_KEYS = knownKeys(anthropicRequestSchema);
const THINKING_KEYS = new Set(["type", "budget_tokens"]);
const OUTPUT_CONFIG_KEYS = knownKeys(anthropicOutputConfigSchema);
const METADATA_KEYS = new Set(["user_id"]);

/**
 * Inbound: what Claude Code and @anthropic-ai/sdk send to /v1/messages → IR.
 * Fields the IR does not model (`context_management`, `service_tier`,
 * `thinking.display`, `tools[i].defer_loading`, …) are reported in `unmapped`
 * with their path; an Anthropic upstream gets them back unchanged, other
 * targets drop them (drop_params) or refuse with a 400 naming them.
 */
export function convertFromAnthropicRequest(body: unknown): IrRequest {
  const parsed = anthropicRequestSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw zodErrorToGatewayError(parsed.error);
  const request = parsed.data;
  const unmapped: IrUnmappedField[] = [];
  for (const [key, value] of Object.entries(request)) {
    if (!REQUEST_KEYS.has(key)) unmapped.push(anthropicUnmapped(key, value));
  }
  const system = convertFromAnthropicSystem(request.system, unmapped);
  const messages = convertFromAnthropicMessages(request.messages, unmapped);
  const { tools, toolChoice, parallelToolCalls } = convertFromAnthropicTools(request, unmapped);

  const ir: IrRequest = {
    model: request.model,
    system,
    messages,
    tools,
    maxOutputTokens: request.max_tokens,
    stream: request.stream ?? false,
    unmapped,
  };
  if (toolChoice !== undefined) ir.toolChoice = toolChoice;
  if (parallelToolCalls !== undefined) ir.parallelToolCalls = parallelToolCalls;
  if (request.temperature !== undefined) ir.temperature = request.temperature;
  if (request.top_p !== undefined) ir.topP = request.top_p;
  if (request.top_k !== undefined) ir.topK = request.top_k;
  if (request.stop_sequences !== undefined) ir.stopSequences = request.stop_sequences;
  const reasoning = convertReasoning(request, unmapped);
  if (reasoning !== undefined) ir.reasoning = reasoning;
  const responseFormat = convertResponseFormat(request);
  if (responseFormat !== undefined) ir.responseFormat = responseFormat;
  for (const [key, value] of Object.entries(request.metadata ?? {})) {
    if (!METADATA_KEYS.has(key)) unmapped.push(anthropicUnmapped(`metadata.${key}`, value));
  }
  // Claude Code's user_id is a JSON string holding its session id; it is passed on as it is.
  if (typeof request.metadata?.user_id === "string") ir.user = request.metadata.user_id;
  return ir;
}

/**
 * `thinking` and `output_config.effort` (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking,
 * …/adaptive-thinking, …/effort). Adaptive thinking is "enabled, no budget":
 * the model decides how much to think. Effort also applies without thinking,
 * so it is kept on a disabled config too.
 */
function convertReasoning(request: AnthropicRequest, unmapped: IrUnmappedField[]): IrReasoningConfig | undefined {
  const thinking = request.thinking;
  const effort = request.output_config?.effort;
  for (const [key, value] of Object.entries(thinking ?? {})) {
    if (!THINKING_KEYS.has(key)) unmapped.push(anthropicUnmapped(`thinking.${key}`, value));
  }
  for (const [key, value] of Object.entries(request.output_config ?? {})) {
    if (!OUTPUT_CONFIG_KEYS.has(key)) unmapped.push(anthropicUnmapped(`output_config.${key}`, value));
  }
  if (thinking === undefined && (effort === undefined || effort === null)) return undefined;
  const reasoning: IrReasoningConfig = { enabled: false };
  switch (thinking?.type) {
    case "enabled":
      reasoning.enabled = true;
      reasoning.budgetTokens = thinking.budget_tokens;
      break;
    case "adaptive":
      reasoning.enabled = true;
      break;
    case "disabled":
    case undefined:
      break;
    default: {
      const unreachable: never = thinking;
      return unreachable;
    }
  }
  if (effort !== undefined && effort !== null) reasoning.effort = fromAnthropicEffort(effort);
  return reasoning;
}

function fromAnthropicEffort(effort: AnthropicEffort): IrReasoningEffort {
  switch (effort) {
    case "low":
    case "medium":
    case "high":
    case "xhigh":
      return effort;
    // "max" is above every level the IR (and OpenAI) has: the nearest is the highest, xhigh.
    case "max":
      return "xhigh";
    default: {
      const unreachable: never = effort;
      return unreachable;
    }
  }
}

/**
 * Structured outputs: `output_config.format`, or the beta-era top-level
 * `output_format` (https://docs.anthropic.com/en/docs/build-with-claude/structured-outputs).
 * Anthropic schemas have no name; the IR's required name gets a neutral one.
 */
function convertResponseFormat(request: AnthropicRequest): IrResponseFormat | undefined {
  const format = request.output_config?.format ?? request.output_format;
  if (format === undefined || format === null) return undefined;
  return { type: "json_schema", name: "response", schema: format.schema, strict: true };
}
