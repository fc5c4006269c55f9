/**
 * Gemini API wire schemas (generateContent / streamGenerateContent,
 * https://ai.google.dev/api/generate-content). Field names are the
 * camelCase JSON the Google SDKs send; the inbound request schema checks the
 * types of what the translator acts on and keeps unknown fields (loose
 * objects) so they can be reported as unmapped. Response schemas are lenient.
 */
import { z } from "zod";

const jsonObject = z.record(z.string(), z.unknown());

/**
 * A Part is a oneof of data fields (text, inlineData, fileData, functionCall,
 * functionResponse, executableCode, …) plus metadata (`thought`,
 * `thoughtSignature`); all are optional here and the converter decides.
 */
const requestPart = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  inlineData: z.looseObject({ mimeType: z.string().min(1), data: z.string() }).optional(),
  fileData: z.looseObject({ mimeType: z.string().nullish(), fileUri: z.string().min(1) }).optional(),
  functionCall: z
    .looseObject({ id: z.string().nullish(), name: z.string().min(1), args: jsonObject.nullish() })
    .optional(),
  functionResponse: z
    .looseObject({ id: z.string().nullish(), name: z.string().min(1), response: jsonObject })
    .optional(),
});
export type GeminiRequestPart = z.infer<typeof requestPart>;

const content = z.looseObject({ role: z.enum(["user", "model"]).nullish(), parts: z.array(requestPart) });
export type GeminiRequestContent = z.infer<typeof content>;

const functionDeclaration = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullish(),
  /** OpenAPI-subset Schema (uppercase types, `nullable`). */
  parameters: jsonObject.nullish(),
  /** Plain JSON Schema, the current field. */
  parametersJsonSchema: jsonObject.nullish(),
});
export type GeminiFunctionDeclaration = z.infer<typeof functionDeclaration>;

const tool = z.looseObject({ functionDeclarations: z.array(functionDeclaration).nullish() });
export type GeminiTool = z.infer<typeof tool>;

const toolConfig = z.looseObject({
  functionCallingConfig: z
    .looseObject({
      mode: z.enum(["MODE_UNSPECIFIED", "AUTO", "ANY", "NONE", "VALIDATED"]).nullish(),
      allowedFunctionNames: z.array(z.string()).nullish(),
    })
    .nullish(),
});
export type GeminiToolConfig = z.infer<typeof toolConfig>;

const thinkingConfig = z.looseObject({
  includeThoughts: z.boolean().nullish(),
  /** 0 disables thinking, -1 lets the model decide. */
  thinkingBudget: z.number().int().min(-1).nullish(),
  /** Google's REST examples write levels in lowercase, the SDKs in uppercase. */
  thinkingLevel: z
    .string()
    .transform((level) => level.toUpperCase())
    .pipe(z.enum(["THINKING_LEVEL_UNSPECIFIED", "MINIMAL", "LOW", "MEDIUM", "HIGH"]))
    .nullish(),
});

const generationConfig = z.looseObject({
  maxOutputTokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  topP: z.number().min(0).max(1).nullish(),
  topK: z.number().int().positive().nullish(),
  stopSequences: z.array(z.string()).nullish(),
  candidateCount: z.number().int().positive().nullish(),
  responseMimeType: z.string().nullish(),
  responseSchema: jsonObject.nullish(),
  responseJsonSchema: jsonObject.nullish(),
  thinkingConfig: thinkingConfig.nullish(),
});
export type GeminiGenerationConfig = z.infer<typeof generationConfig>;

export const geminiRequestSchema = z.looseObject({
  contents: z.array(content).min(1),
  systemInstruction: z.looseObject({ role: z.string().nullish(), parts: z.array(requestPart) }).nullish(),
  tools: z.array(tool).nullish(),
  toolConfig: toolConfig.nullish(),
  generationConfig: generationConfig.nullish(),
});
export type GeminiRequest = z.infer<typeof geminiRequestSchema>;

/** Response parts: only what the translator reads; everything nullish. */
const responsePart = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  functionCall: z
    .looseObject({ id: z.string().nullish(), name: z.string().nullish(), args: z.unknown().optional() })
    .nullish(),
});
export type GeminiResponsePart = z.infer<typeof responsePart>;

export const geminiUsageMetadataSchema = z.looseObject({
  promptTokenCount: z.number().nullish(),
  cachedContentTokenCount: z.number().nullish(),
  candidatesTokenCount: z.number().nullish(),
  thoughtsTokenCount: z.number().nullish(),
  toolUsePromptTokenCount: z.number().nullish(),
  totalTokenCount: z.number().nullish(),
});
export type GeminiUsageMetadata = z.infer<typeof geminiUsageMetadataSchema>;

/** One GenerateContentResponse: the whole answer, or one streamed chunk of it (`?alt=sse`). */
export const geminiResponseSchema = z.looseObject({
  candidates: z
    .array(
      z.looseObject({
        content: z.looseObject({ role: z.string().nullish(), parts: z.array(responsePart).nullish() }).nullish(),
        finishReason: z.string().nullish(),
        index: z.number().nullish(),
      }),
    )
    .nullish(),
  promptFeedback: z.looseObject({ blockReason: z.string().nullish() }).nullish(),
  usageMetadata: geminiUsageMetadataSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
  /** Google ends a failing stream with its error envelope as the last event. */
  error: z
    .looseObject({ code: z.number().nullish(), message: z.string().nullish(), status: z.string().nullish() })
    .nullish(),
});
export type GeminiResponse = z.infer<typeof geminiResponseSchema>;
