/**
 * The Chat Completions request as the IR translator reads it
 * (https://platform.openai.com/docs/api-reference/chat/create).
 * Stricter than `openAiChatRequestSchema` (which the same-format fast path
 * uses and which only checks what routing needs): every field the translator
 * acts on is type-checked, message and part shapes are closed unions, and
 * unknown fields are kept (loose objects) so the converter can report them
 * in `unmapped` by path instead of dropping them silently.
 */
import { z } from "zod";

const cacheControl = z.looseObject({ type: z.literal("ephemeral"), ttl: z.string().optional() });

const textPart = z.looseObject({
  type: z.literal("text"),
  text: z.string(),
  /** Not OpenAI's: OpenRouter-style clients put Anthropic's cache hint on Chat parts. */
  cache_control: cacheControl.nullish(),
});

const imageUrlPart = z.looseObject({
  type: z.literal("image_url"),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.string().nullish() }),
  cache_control: cacheControl.nullish(),
});

const filePart = z.looseObject({
  type: z.literal("file"),
  file: z.looseObject({
    file_data: z.string().nullish(),
    file_id: z.string().nullish(),
    filename: z.string().nullish(),
  }),
  cache_control: cacheControl.nullish(),
});

/** Accepted by the schema so the converter can refuse it by name (the IR has no audio). */
const inputAudioPart = z.looseObject({ type: z.literal("input_audio") });

const refusalPart = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });

const userPart = z.discriminatedUnion("type", [textPart, imageUrlPart, filePart, inputAudioPart]);
export type OpenAiChatUserPart = z.infer<typeof userPart>;

const toolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

const textOnlyContent = z.union([z.string(), z.array(textPart)]);

const systemMessage = z.looseObject({ role: z.literal("system"), content: textOnlyContent });
const developerMessage = z.looseObject({ role: z.literal("developer"), content: textOnlyContent });
const userMessage = z.looseObject({ role: z.literal("user"), content: z.union([z.string(), z.array(userPart)]) });
const assistantMessage = z.looseObject({
  role: z.literal("assistant"),
  content: z.union([z.string(), z.array(z.discriminatedUnion("type", [textPart, refusalPart])), z.null()]).optional(),
  refusal: z.string().nullish(),
  tool_calls: z.array(toolCall).nullish(),
  /** DeepSeek-style reasoning echo; not part of OpenAI's API but sent by compatible clients. */
  reasoning_content: z.string().nullish(),
});
const toolMessage = z.looseObject({
  role: z.literal("tool"),
  tool_call_id: z.string().min(1),
  content: textOnlyContent,
});
/** The deprecated `function` role: accepted here so the converter can refuse it with a useful message. */
const functionMessage = z.looseObject({ role: z.literal("function") });

const message = z.discriminatedUnion("role", [
  systemMessage,
  developerMessage,
  userMessage,
  assistantMessage,
  toolMessage,
  functionMessage,
]);
export type OpenAiChatInboundMessage = z.infer<typeof message>;

const functionTool = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  }),
});
/** Any other tool type (`custom`, provider built-ins): carried as a provider tool. */
const otherTool = z.looseObject({ type: z.string().refine((type) => type !== "function") });

const toolChoice = z.union([
  z.enum(["auto", "none", "required"]),
  z.looseObject({ type: z.literal("function"), function: z.looseObject({ name: z.string().min(1) }) }),
  z.looseObject({ type: z.string().refine((type) => type !== "function") }),
]);

const responseFormat = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    json_schema: z.looseObject({
      name: z.string().min(1),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

export const openAiChatInboundRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  tools: z.array(z.union([functionTool, otherTool])).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  response_format: responseFormat.nullish(),
  reasoning_effort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  user: z.string().nullish(),
  n: z.number().int().positive().nullish(),
});
export type OpenAiChatInboundRequest = z.infer<typeof openAiChatInboundRequestSchema>;
export type OpenAiChatInboundTool = NonNullable<OpenAiChatInboundRequest["tools"]>[number];
export type OpenAiChatInboundToolChoice = NonNullable<OpenAiChatInboundRequest["tool_choice"]>;
export type OpenAiChatInboundResponseFormat = NonNullable<OpenAiChatInboundRequest["response_format"]>;
