import { GatewayError } from "../../errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../../errors/zod-issue-to-error.ts";
import type {
  IrReasoningConfig,
  IrReasoningEffort,
  IrRequest,
  IrResponseFormat,
  IrTextPart,
  IrUnmappedField,
} from "../../ir/request.ts";
import { convertFromGeminiContents } from "./convert-from-gemini-contents.ts";
import { convertGeminiSchemaToJsonSchema } from "./convert-gemini-schema-to-json-schema.ts";
import { type GeminiGenerationConfig, geminiRequestSchema } from "./gemini-api.ts";
import { parseGeminiTools } from "./gemini-prepare-tools.ts";

const MAPPED_FIELDS = new Set(["contents", "systemInstruction", "tools", "toolConfig", "generationConfig"]);
const MAPPED_GENERATION_FIELDS = new Set([
  "maxOutputTokens",
  "temperature",
  "topP",
  "topK",
  "stopSequences",
  "candidateCount",
  "responseMimeType",
  "responseSchema",
  "responseJsonSchema",
  "thinkingConfig",
]);

/**
 * A generateContent body → IR. Gemini puts the model and streaming in the URL
 * (`models/{model}:generateContent` vs `:streamGenerateContent?alt=sse`), so
 * the IR leaves `model` empty and `stream` false for the route to fill in.
 * Field names are the camelCase the Google SDKs send; snake_case spellings
 * (accepted by Google's proto-JSON parser) are reported as unmapped fields.
 * Unmodelled fields (safetySettings, cachedContent, labels, seed, penalties,
 * candidateCount > 1, …) are kept in `unmapped` with their path.
 */
export function convertFromGeminiRequest(body: unknown): IrRequest {
  const result = geminiRequestSchema.safeParse(body, { reportInput: true });
  if (!result.success) throw zodErrorToGatewayError(result.error);
  const gemini = result.data;

  const unmapped: IrUnmappedField[] = [];
  for (const [key, value] of Object.entries(gemini)) {
    if (!MAPPED_FIELDS.has(key) && value != null) unmapped.push({ path: key, value });
  }
  const system: IrTextPart[] = [];
  for (const [index, part] of (gemini.systemInstruction?.parts ?? []).entries()) {
    if (part.text === undefined) {
      throw new GatewayError("invalid_request", `'systemInstruction.parts[${index}]' must be a text part.`, {
        param: `systemInstruction.parts[${index}]`,
      });
    }
    system.push({ type: "text", text: part.text });
  }
  const messages = convertFromGeminiContents(gemini.contents, unmapped);
  const tools = parseGeminiTools(gemini.tools, gemini.toolConfig, unmapped);

  const request: IrRequest = { model: "", system, messages, tools: tools.tools, stream: false, unmapped };
  if (tools.toolChoice !== undefined) request.toolChoice = tools.toolChoice;
  if (gemini.generationConfig != null) applyGenerationConfig(request, gemini.generationConfig, unmapped);
  return request;
}

function applyGenerationConfig(request: IrRequest, config: GeminiGenerationConfig, unmapped: IrUnmappedField[]): void {
  for (const [key, value] of Object.entries(config)) {
    if (!MAPPED_GENERATION_FIELDS.has(key) && value != null) unmapped.push({ path: `generationConfig.${key}`, value });
  }
  if (config.maxOutputTokens != null) request.maxOutputTokens = config.maxOutputTokens;
  if (config.temperature != null) request.temperature = config.temperature;
  if (config.topP != null) request.topP = config.topP;
  if (config.topK != null) request.topK = config.topK;
  if (config.stopSequences != null && config.stopSequences.length > 0) request.stopSequences = config.stopSequences;
  if (config.candidateCount != null && config.candidateCount > 1) {
    unmapped.push({ path: "generationConfig.candidateCount", value: config.candidateCount });
  }
  const responseFormat = convertResponseFormat(config, unmapped);
  if (responseFormat !== undefined) request.responseFormat = responseFormat;
  const reasoning = convertThinkingConfig(config.thinkingConfig);
  if (reasoning !== undefined) request.reasoning = reasoning;
}

/** responseMimeType + schema → IR response format (https://ai.google.dev/gemini-api/docs/structured-output). */
function convertResponseFormat(
  config: GeminiGenerationConfig,
  unmapped: IrUnmappedField[],
): IrResponseFormat | undefined {
  const schema =
    config.responseJsonSchema ??
    (config.responseSchema == null ? undefined : convertGeminiSchemaToJsonSchema(config.responseSchema));
  switch (config.responseMimeType) {
    case "application/json":
      return schema === undefined ? { type: "json_object" } : { type: "json_schema", name: "response", schema };
    case "text/plain":
    case null:
    case undefined:
      if (schema !== undefined) unmapped.push({ path: "generationConfig.responseSchema", value: schema });
      return config.responseMimeType === "text/plain" ? { type: "text" } : undefined;
    default:
      // text/x.enum and other MIME types have no IR equivalent.
      unmapped.push({ path: "generationConfig.responseMimeType", value: config.responseMimeType });
      return undefined;
  }
}

const EFFORTS: Record<string, IrReasoningEffort> = { MINIMAL: "minimal", LOW: "low", MEDIUM: "medium", HIGH: "high" };

/**
 * thinkingConfig → IR reasoning: budget 0 disables thinking, -1 is "dynamic"
 * (enabled, no budget), a level is an effort. `includeThoughts` (return
 * thought summaries) is the same request as OpenAI's `summary: "auto"`.
 */
function convertThinkingConfig(config: GeminiGenerationConfig["thinkingConfig"]): IrReasoningConfig | undefined {
  if (config == null) return undefined;
  const budget = config.thinkingBudget ?? undefined;
  const effort = config.thinkingLevel == null ? undefined : EFFORTS[config.thinkingLevel];
  if (budget === undefined && effort === undefined && config.includeThoughts !== true) return undefined;
  const reasoning: IrReasoningConfig = { enabled: budget !== 0 };
  if (budget !== undefined && budget > 0) reasoning.budgetTokens = budget;
  if (effort !== undefined) reasoning.effort = effort;
  if (config.includeThoughts === true) reasoning.summary = "auto";
  return reasoning;
}
