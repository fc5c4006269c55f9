/**
 * OpenAI Chat Completions wire schemas (https://platform.openai.com/docs/api-reference/chat).
 * Inbound (client) schemas check the types of every field we act on and keep
 * unknown fields, which the same-format fast path forwards untouched. Upstream
 * response schemas are lenient: providers of the OpenAI-compatible family
 * omit or null many fields.
 */
import { z } from "zod";

const textPart = z.looseObject({ type: z.literal("text"), text: z.string() });
const imagePart = z.looseObject({
  type: z.literal("image_url"),
  image_url: z.looseObject({ url: z.string(), detail: z.string().optional() }),
});
const otherPart = z.looseObject({ type: z.string() });
const contentPart = z.union([textPart, imagePart, otherPart]);

const toolCall = z.looseObject({
  id: z.string(),
  type: z.string(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const message = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCall).optional(),
  tool_call_id: z.string().optional(),
});

const functionTool = z.looseObject({
  type: z.string(),
  function: z
    .looseObject({
      name: z.string(),
      description: z.string().optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    })
    .optional(),
});

export const openAiChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  n: z.number().int().positive().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  presence_penalty: z.number().nullish(),
  frequency_penalty: z.number().nullish(),
  seed: z.number().int().nullish(),
  user: z.string().nullish(),
  tools: z.array(functionTool).nullish(),
  tool_choice: z.union([z.string(), z.looseObject({ type: z.string() })]).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: z.looseObject({ type: z.string() }).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
export type OpenAiChatRequest = z.infer<typeof openAiChatRequestSchema>;

export const openAiChatUsageSchema = z.looseObject({
  prompt_tokens: z.number().nullish(),
  completion_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
});
export type OpenAiChatUsage = z.infer<typeof openAiChatUsageSchema>;

export const openAiChatResponseSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z.array(z.looseObject({ index: z.number().nullish(), finish_reason: z.string().nullish() })).nullish(),
  usage: openAiChatUsageSchema.nullish(),
});

export const openAiChatChunkSchema = z.looseObject({
  id: z.string().nullish(),
  choices: z.array(z.unknown()).nullish(),
  usage: openAiChatUsageSchema.nullish(),
});

/** Error envelope as OpenAI (and most of the compatible family) send it. */
export const openAiErrorEnvelopeSchema = z.looseObject({
  error: z.looseObject({
    message: z.string().nullish(),
    type: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});

/**
 * The parts of a chat.completion the IR translator reads. `reasoning_content`
 * (DeepSeek, vLLM) and `reasoning` (OpenRouter, Groq) are compatible-provider
 * extensions; they are typed `unknown` and checked in code, so a provider that
 * sends an object there does not fail the whole response.
 */
const openAiChatResponseToolCallSchema = z.looseObject({
  index: z.number().nullish(),
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});
export type OpenAiChatResponseToolCall = z.infer<typeof openAiChatResponseToolCallSchema>;

const openAiChatResponseMessageSchema = z.looseObject({
  content: z.string().nullish(),
  refusal: z.string().nullish(),
  reasoning_content: z.unknown().optional(),
  reasoning: z.unknown().optional(),
  tool_calls: z.array(openAiChatResponseToolCallSchema).nullish(),
});
export type OpenAiChatResponseMessage = z.infer<typeof openAiChatResponseMessageSchema>;

export const openAiChatCompletionSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().nullish(),
        message: openAiChatResponseMessageSchema.nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: openAiChatUsageSchema.nullish(),
});

/** One chat.completion.chunk, or the in-band error some providers send mid-stream. */
export const openAiChatCompletionChunkSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().nullish(),
        delta: openAiChatResponseMessageSchema.nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: openAiChatUsageSchema.nullish(),
  error: z
    .looseObject({
      message: z.string().nullish(),
      type: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
    })
    .nullish(),
});
export type OpenAiChatCompletionChunk = z.infer<typeof openAiChatCompletionChunkSchema>;
