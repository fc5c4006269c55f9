import { z } from "zod";

/** What a caller of each API may be answered with on failure; strict, so a stray field is a finding too. */
export const errorShapes = {
  // The admin API adds `details` to config errors; the four OpenAI fields are what SDKs read.
  openai: z.strictObject({
    error: z.looseObject({
      message: z.string().min(1),
      type: z.string().min(1),
      param: z.string().nullable(),
      code: z.string().nullable(),
    }),
  }),
  anthropic: z.strictObject({
    type: z.literal("error"),
    error: z.strictObject({
      type: z.enum([
        "invalid_request_error",
        "authentication_error",
        "permission_error",
        "not_found_error",
        "request_too_large",
        "rate_limit_error",
        "api_error",
        "overloaded_error",
      ]),
      message: z.string().min(1),
    }),
  }),
  gemini: z.strictObject({
    error: z.strictObject({ code: z.number().int(), message: z.string().min(1), status: z.string().min(1) }),
  }),
  jsonRpc: z.strictObject({
    jsonrpc: z.literal("2.0"),
    // The MCP endpoint leaves `id` out when the request's could not be read.
    id: z.union([z.string(), z.number(), z.null()]).optional(),
    error: z.strictObject({ code: z.number().int(), message: z.string().min(1), data: z.unknown().optional() }),
  }),
} as const;

export type AnswerFormat = keyof typeof errorShapes;

/** Successful non-streaming answers, loosely: the fields every SDK needs. */
export const successShapes = {
  chatCompletion: z.looseObject({
    object: z.literal("chat.completion"),
    choices: z.array(z.looseObject({ message: z.looseObject({ role: z.literal("assistant") }) })).min(1),
  }),
  response: z.looseObject({ object: z.literal("response"), status: z.string(), output: z.array(z.unknown()) }),
  anthropicMessage: z.looseObject({
    type: z.literal("message"),
    role: z.literal("assistant"),
    content: z.array(z.unknown()),
    stop_reason: z.string().nullable(),
  }),
  geminiResponse: z.looseObject({ candidates: z.array(z.unknown()).min(1) }),
  countTokens: z.strictObject({ input_tokens: z.number().int().nonnegative() }),
  embeddings: z.looseObject({ object: z.literal("list"), data: z.array(z.unknown()) }),
  /** Routes that answer other things (health, model lists): any JSON. */
  anyJson: z.unknown(),
} as const;

/** The marker that closes a complete stream of each API (../shared/CLIENTS.md: clients hang without it). */
export const streamTerminators = {
  openai: "data: [DONE]",
  responses: "response.completed",
  anthropic: "event: message_stop",
  gemini: "finishReason",
} as const;

/** Parses an answer's text as JSON, or says why it is not. */
export function parseAnswer(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: `not JSON (${String(error)}): ${text.slice(0, 200)}` };
  }
}
