import type { z } from "zod";
import { type AnswerFormat, streamTerminators, successShapes } from "./answer-shapes.ts";
import type { JsonTemplate } from "./fuzz-bodies.ts";

/** One public model endpoint of the gateway: where it is, a valid body, and what a valid answer looks like. */
export interface GatewayEndpoint {
  name: string;
  /** A stream flag in the template is replaced per case; Gemini streams by path instead. */
  path: (stream: boolean) => string;
  format: AnswerFormat;
  template: JsonTemplate;
  success: z.ZodType;
  /** The text a complete stream of this API contains; undefined for endpoints that never stream. */
  streamTerminator: string | undefined;
}

const tool = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };

/** The model group the fuzz config serves with the in-process `mock/` provider. */
export const FUZZ_MODEL = "demo";

export const gatewayEndpoints: GatewayEndpoint[] = [
  {
    name: "POST /v1/chat/completions",
    path: () => "/v1/chat/completions",
    format: "openai",
    template: {
      model: FUZZ_MODEL,
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: [{ type: "text", text: "hi" }] },
      ],
      tools: [{ type: "function", function: { name: "weather", parameters: tool } }],
      max_tokens: 16,
      stream: false,
      metadata: { tags: ["a"] },
    },
    success: successShapes.chatCompletion,
    streamTerminator: streamTerminators.openai,
  },
  {
    name: "POST /v1/responses",
    path: () => "/v1/responses",
    format: "openai",
    template: {
      model: FUZZ_MODEL,
      input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] }],
      instructions: "be brief",
      tools: [{ type: "function", name: "weather", parameters: tool }],
      max_output_tokens: 16,
      stream: false,
      prompt_cache_key: "fuzz-session",
    },
    success: successShapes.response,
    streamTerminator: streamTerminators.responses,
  },
  {
    name: "POST /v1/messages",
    path: () => "/v1/messages?beta=true",
    format: "anthropic",
    template: {
      model: FUZZ_MODEL,
      max_tokens: 16,
      system: [{ type: "text", text: "be brief", cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
      tools: [{ name: "weather", input_schema: tool }],
      metadata: { user_id: '{"session_id":"fuzz"}' },
      stream: false,
    },
    success: successShapes.anthropicMessage,
    streamTerminator: streamTerminators.anthropic,
  },
  {
    name: "POST /v1/messages/count_tokens",
    path: () => "/v1/messages/count_tokens",
    format: "anthropic",
    template: {
      model: FUZZ_MODEL,
      messages: [{ role: "user", content: "hi" }],
      tools: [{ name: "weather", input_schema: tool }],
    },
    success: successShapes.countTokens,
    streamTerminator: undefined,
  },
  {
    name: "POST /v1beta/models/{model}:generateContent",
    path: (stream) =>
      stream
        ? `/v1beta/models/${FUZZ_MODEL}:streamGenerateContent?alt=sse`
        : `/v1beta/models/${FUZZ_MODEL}:generateContent`,
    format: "gemini",
    template: {
      contents: [{ role: "user", parts: [{ text: "hi" }] }],
      systemInstruction: { parts: [{ text: "be brief" }] },
      tools: [{ functionDeclarations: [{ name: "weather", parameters: tool }] }],
      generationConfig: { maxOutputTokens: 16 },
    },
    success: successShapes.geminiResponse,
    streamTerminator: streamTerminators.gemini,
  },
  {
    name: "POST /v1/embeddings",
    path: () => "/v1/embeddings",
    format: "openai",
    template: { model: FUZZ_MODEL, input: ["hi", "there"], encoding_format: "float" },
    success: successShapes.embeddings,
    streamTerminator: undefined,
  },
];
