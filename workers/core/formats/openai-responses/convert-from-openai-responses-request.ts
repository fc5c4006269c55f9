import { zodErrorToGatewayError } from "../../errors/zod-issue-to-error.ts";
import type { IrReasoningConfig, IrRequest, IrResponseFormat, IrTextPart, IrUnmappedField } from "../../ir/request.ts";
import { convertFromOpenAiResponsesInput } from "./convert-from-openai-responses-input.ts";
import type { OpenAiResponsesRequest } from "./openai-responses-api.ts";
import { openAiResponsesRequestSchema } from "./openai-responses-api.ts";
import {
  convertFromOpenAiResponsesToolChoice,
  convertFromOpenAiResponsesTools,
} from "./openai-responses-prepare-tools.ts";

/** Top-level fields this converter carries into the IR. */
const MAPPED_FIELDS = new Set([
  "model",
  "instructions",
  "input",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "reasoning",
  "max_output_tokens",
  "temperature",
  "top_p",
  "text",
  "stream",
  "user",
  "safety_identifier",
]);

/**
 * Fields deliberately dropped when translating, because losing them does not
 * change what the model generates:
 * - `store`: the gateway never relies on stored responses (we send store false upstream).
 * - `include`: asks OpenAI for extra output (encrypted reasoning, logprobs…); our
 *   encoder always includes encrypted reasoning when there is any.
 * - `prompt_cache_key`: a cache-routing hint (Codex sends its session id).
 * - `client_metadata`: Codex's session/turn ids for OpenAI's telemetry.
 * - `service_tier`: a billing/latency tier that only OpenAI has.
 * - `truncation`: context-overflow policy; other providers fail the same way "disabled" does.
 * - `stream_options`: only `include_obfuscation`, padding we never add.
 * Everything else not in MAPPED_FIELDS — `previous_response_id` (needs server-side
 * state, cannot be honoured statelessly), `metadata`, `background`, `conversation`,
 * `prompt`, `max_tool_calls`, `top_logprobs`… — goes to `unmapped` by path, so the
 * outbound side refuses it with a 400 naming it, or drops it under drop_params.
 */
const HARMLESS_FIELDS = new Set([
  "store",
  "include",
  "prompt_cache_key",
  "client_metadata",
  "service_tier",
  "truncation",
  "stream_options",
]);

/** Codex-style Responses request → IR. Throws a GatewayError (400) naming the bad field. */
export function convertFromOpenAiResponsesRequest(body: unknown): IrRequest {
  const parsed = openAiResponsesRequestSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) throw zodErrorToGatewayError(parsed.error);
  const request = parsed.data;
  const unmapped: IrUnmappedField[] = [];

  const input = convertFromOpenAiResponsesInput(request.input, unmapped);
  const system: IrTextPart[] = [];
  if (typeof request.instructions === "string" && request.instructions !== "") {
    system.push({ type: "text", text: request.instructions });
  }
  system.push(...input.system);

  const ir: IrRequest = {
    model: request.model,
    system,
    messages: input.messages,
    tools: convertFromOpenAiResponsesTools(request.tools),
    stream: request.stream ?? false,
    unmapped,
  };
  const toolChoice = convertFromOpenAiResponsesToolChoice(request.tool_choice, unmapped);
  if (toolChoice) ir.toolChoice = toolChoice;
  if (isSet(request.parallel_tool_calls)) ir.parallelToolCalls = request.parallel_tool_calls;
  if (isSet(request.max_output_tokens)) ir.maxOutputTokens = request.max_output_tokens;
  if (isSet(request.temperature)) ir.temperature = request.temperature;
  if (isSet(request.top_p)) ir.topP = request.top_p;
  const reasoning = convertReasoning(request.reasoning);
  if (reasoning) ir.reasoning = reasoning;
  const responseFormat = convertTextFormat(request.text?.format);
  if (responseFormat) ir.responseFormat = responseFormat;
  // `safety_identifier` is the newer name for `user` (abuse tracking).
  const user = request.user ?? request.safety_identifier;
  if (isSet(user)) ir.user = user;

  for (const [key, value] of Object.entries(request)) {
    if (MAPPED_FIELDS.has(key) || HARMLESS_FIELDS.has(key) || value === null || value === undefined) continue;
    unmapped.push({ path: key, value });
  }
  // `text.verbosity` is a length hint (GPT-5) with no equivalent elsewhere: harmless to drop.
  collectUnknownKeys(request.text, "text", ["format", "verbosity"], unmapped);
  collectUnknownKeys(request.reasoning, "reasoning", ["effort", "summary", "generate_summary"], unmapped);
  return ir;
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/** `reasoning: {}` means "reason with the model's defaults"; effort "none" turns reasoning off. */
function convertReasoning(reasoning: OpenAiResponsesRequest["reasoning"]): IrReasoningConfig | undefined {
  if (!isSet(reasoning)) return undefined;
  if (reasoning.effort === "none") return { enabled: false };
  const config: IrReasoningConfig = { enabled: true };
  if (isSet(reasoning.effort)) config.effort = reasoning.effort;
  const summary = reasoning.summary ?? reasoning.generate_summary;
  if (isSet(summary)) config.summary = summary;
  return config;
}

function convertTextFormat(
  format: NonNullable<OpenAiResponsesRequest["text"]>["format"] | undefined,
): IrResponseFormat | undefined {
  if (!isSet(format)) return undefined;
  switch (format.type) {
    case "text":
      return { type: "text" };
    case "json_object":
      return { type: "json_object" };
    case "json_schema": {
      const converted: IrResponseFormat = { type: "json_schema", name: format.name, schema: format.schema };
      if (isSet(format.strict)) converted.strict = format.strict;
      if (isSet(format.description)) converted.description = format.description;
      return converted;
    }
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

function collectUnknownKeys(
  value: Record<string, unknown> | null | undefined,
  path: string,
  known: string[],
  unmapped: IrUnmappedField[],
): void {
  if (!isSet(value)) return;
  for (const [key, nested] of Object.entries(value)) {
    if (known.includes(key) || nested === null || nested === undefined) continue;
    unmapped.push({ path: `${path}.${key}`, value: nested });
  }
}
