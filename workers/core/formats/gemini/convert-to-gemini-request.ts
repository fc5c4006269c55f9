import type { IrReasoningConfig, IrReasoningEffort, IrRequest, IrResponseFormat } from "../../ir/request.ts";
import { DroppedFieldCollector } from "../dropped-field-collector.ts";
import type { BuildRequestOptions, BuiltRequest } from "../format-adapter.ts";
import { convertToGeminiContents } from "./convert-to-gemini-contents.ts";
import { prepareGeminiTools } from "./gemini-prepare-tools.ts";
import { usesThinkingBudget } from "./uses-thinking-budget.ts";

const TARGET = "the Gemini API";

/**
 * IR → generateContent body. The model and streaming are not in the body:
 * the provider layer puts them in the URL (`models/{upstreamModel}:generateContent`
 * or `:streamGenerateContent?alt=sse`). `user` is an abuse-tracking id with
 * no Gemini field; like cacheControl it is metadata, dropped silently.
 * Fields the inbound format could not map go through drop_params.
 */
export function convertToGeminiRequest(request: IrRequest, options: BuildRequestOptions): BuiltRequest {
  const dropped = new DroppedFieldCollector(options.dropParams, TARGET);
  const legacy = usesThinkingBudget(options.upstreamModel);
  const body: Record<string, unknown> = {
    contents: convertToGeminiContents(request.messages, !legacy),
  };
  if (request.system.length > 0)
    body.systemInstruction = { parts: request.system.map((part) => ({ text: part.text })) };
  Object.assign(body, prepareGeminiTools(request, dropped));
  const generationConfig: Record<string, unknown> = {};
  if (request.maxOutputTokens !== undefined) generationConfig.maxOutputTokens = request.maxOutputTokens;
  if (request.temperature !== undefined) generationConfig.temperature = request.temperature;
  if (request.topP !== undefined) generationConfig.topP = request.topP;
  if (request.topK !== undefined) generationConfig.topK = request.topK;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    generationConfig.stopSequences = request.stopSequences;
  }
  if (request.responseFormat !== undefined) Object.assign(generationConfig, responseFormat(request.responseFormat));
  const thinkingConfig = convertReasoning(request.reasoning, legacy);
  if (thinkingConfig !== undefined) generationConfig.thinkingConfig = thinkingConfig;
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  for (const field of request.unmapped) dropped.unsupported(field.path);
  return { body, dropped: dropped.paths };
}

/** Structured output: `responseJsonSchema` takes JSON Schema as is (the legacy `responseSchema` does not). */
function responseFormat(format: IrResponseFormat): Record<string, unknown> {
  switch (format.type) {
    case "text":
      return {};
    case "json_object":
      return { responseMimeType: "application/json" };
    case "json_schema":
      return { responseMimeType: "application/json", responseJsonSchema: format.schema };
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

/** Token budgets Gemini 2.x accepts for an effort (2.5 Flash tops out at 24576). */
const BUDGET_FOR_EFFORT: Record<IrReasoningEffort, number> = {
  minimal: 512,
  low: 2048,
  medium: 8192,
  high: 24576,
  xhigh: 24576,
};
const LEVEL_FOR_EFFORT: Record<IrReasoningEffort, string> = {
  minimal: "MINIMAL",
  low: "LOW",
  medium: "MEDIUM",
  high: "HIGH",
  xhigh: "HIGH",
};

/**
 * IR reasoning → thinkingConfig (https://ai.google.dev/gemini-api/docs/thinking).
 * A budget is sent as `thinkingBudget` (Gemini 3 still accepts it); an effort
 * becomes `thinkingLevel` on Gemini 3 and a budget on 2.x, which has no levels
 * (the two fields together are a 400). Enabled reasoning asks for thought
 * summaries, so clients see reasoning as they do from other providers.
 * Disabling is only possible on 2.x (budget 0): Gemini 3 always thinks.
 */
function convertReasoning(
  reasoning: IrReasoningConfig | undefined,
  legacy: boolean,
): Record<string, unknown> | undefined {
  if (reasoning === undefined) return undefined;
  if (!reasoning.enabled) return legacy ? { thinkingBudget: 0 } : undefined;
  const config: Record<string, unknown> = { includeThoughts: true };
  if (reasoning.budgetTokens !== undefined) config.thinkingBudget = reasoning.budgetTokens;
  else if (reasoning.effort !== undefined && legacy) config.thinkingBudget = BUDGET_FOR_EFFORT[reasoning.effort];
  else if (reasoning.effort !== undefined) config.thinkingLevel = LEVEL_FOR_EFFORT[reasoning.effort];
  return config;
}
