/**
 * OpenAI Responses API wire schemas (https://platform.openai.com/docs/api-reference/responses).
 *
 * Inbound (client) schemas check the type of every field the converter acts
 * on and keep unknown keys (looseObject), so the converter can report them in
 * `unmapped` by path instead of dropping them silently. Input items and tools
 * are validated one by one in the converter (their `type` picks the schema),
 * which keeps error paths exact (`input[3].call_id`).
 *
 * Upstream schemas (response object, stream events) are lenient: everything
 * is `.nullish()` and unknown keys pass, because OpenAI-compatible servers
 * (Azure, vLLM, OpenRouter…) omit or null many fields.
 */
import { z } from "zod";

// ── Inbound: content parts (API reference › Responses › Create › input › message content) ──

export const responsesInputTextPartSchema = z.looseObject({ type: z.literal("input_text"), text: z.string() });
export const responsesInputImagePartSchema = z.looseObject({
  type: z.literal("input_image"),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});
export const responsesInputFilePartSchema = z.looseObject({
  type: z.literal("input_file"),
  file_data: z.string().nullish(),
  file_url: z.string().nullish(),
  file_id: z.string().nullish(),
  filename: z.string().nullish(),
});
export const responsesOutputTextPartSchema = z.looseObject({ type: z.literal("output_text"), text: z.string() });
export const responsesRefusalPartSchema = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });

export const responsesContentPartSchema = z.discriminatedUnion("type", [
  responsesInputTextPartSchema,
  responsesInputImagePartSchema,
  responsesInputFilePartSchema,
  responsesOutputTextPartSchema,
  responsesRefusalPartSchema,
]);
export type ResponsesContentPart = z.infer<typeof responsesContentPartSchema>;

// ── Inbound: input items ──

/** `type` is optional: the "easy input message" form is just `{ role, content }`. */
export const responsesMessageItemSchema = z.looseObject({
  type: z.literal("message").optional(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content: z.union([z.string(), z.array(responsesContentPartSchema)]),
});
export type ResponsesMessageItem = z.infer<typeof responsesMessageItemSchema>;

export const responsesFunctionCallItemSchema = z.looseObject({
  type: z.literal("function_call"),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

export const responsesFunctionCallOutputItemSchema = z.looseObject({
  type: z.literal("function_call_output"),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(responsesContentPartSchema)]),
});

/**
 * Reasoning items come back from clients with `encrypted_content` when they
 * asked for `include: ["reasoning.encrypted_content"]` (stateless, store false).
 * Codex does not send the `rs_…` id back, so it is optional.
 */
export const responsesReasoningItemSchema = z.looseObject({
  type: z.literal("reasoning"),
  id: z.string().nullish(),
  summary: z.array(z.looseObject({ type: z.literal("summary_text"), text: z.string() })),
  content: z.array(z.looseObject({ type: z.string(), text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});

/** First pass over `input`: each item is an object; its `type` selects the schema above. */
const responsesInputItemEnvelopeSchema = z.looseObject({ type: z.string().optional() });

// ── Inbound: tools, tool_choice, text.format ──

export const responsesFunctionToolSchema = z.looseObject({
  type: z.literal("function"),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});

const responsesToolEnvelopeSchema = z.looseObject({ type: z.string().min(1) });

const responsesToolChoiceSchema = z.union([
  z.enum(["auto", "none", "required"]),
  z.looseObject({ type: z.string(), name: z.string().optional() }),
]);

export const responsesTextFormatSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().nullish(),
    description: z.string().nullish(),
  }),
]);

/** Effort values across model generations; "none" (GPT-5.1+) switches reasoning off. */
export const RESPONSES_REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh"] as const;
const responsesReasoningSummarySchema = z.enum(["auto", "concise", "detailed"]);

export const openAiResponsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  instructions: z.string().nullish(),
  input: z.union([z.string(), z.array(responsesInputItemEnvelopeSchema)]),
  tools: z.array(responsesToolEnvelopeSchema).nullish(),
  tool_choice: responsesToolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  reasoning: z
    .looseObject({
      effort: z.enum(RESPONSES_REASONING_EFFORTS).nullish(),
      summary: responsesReasoningSummarySchema.nullish(),
      /** Deprecated spelling of `summary`, still accepted by OpenAI. */
      generate_summary: responsesReasoningSummarySchema.nullish(),
    })
    .nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  text: z
    .looseObject({
      format: responsesTextFormatSchema.nullish(),
      verbosity: z.enum(["low", "medium", "high"]).nullish(),
    })
    .nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  include: z.array(z.string()).nullish(),
  prompt_cache_key: z.string().nullish(),
  client_metadata: z.record(z.string(), z.unknown()).nullish(),
  previous_response_id: z.string().nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  service_tier: z.string().nullish(),
  truncation: z.enum(["auto", "disabled"]).nullish(),
  stream_options: z.looseObject({}).nullish(),
});
export type OpenAiResponsesRequest = z.infer<typeof openAiResponsesRequestSchema>;

// ── Upstream: usage, response object, stream events (lenient) ──

export const openAiResponsesUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  output_tokens: z.number().nullish(),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
  total_tokens: z.number().nullish(),
});
export type OpenAiResponsesUsage = z.infer<typeof openAiResponsesUsageSchema>;

const upstreamTextSchema = z.looseObject({
  type: z.string().nullish(),
  text: z.string().nullish(),
  refusal: z.string().nullish(),
});

/** One output item of any type; the fields of message, function_call and reasoning items, all optional. */
export const openAiResponsesOutputItemSchema = z.looseObject({
  type: z.string(),
  id: z.string().nullish(),
  status: z.string().nullish(),
  role: z.string().nullish(),
  content: z.array(upstreamTextSchema).nullish(),
  call_id: z.string().nullish(),
  name: z.string().nullish(),
  arguments: z.string().nullish(),
  summary: z.array(upstreamTextSchema).nullish(),
  encrypted_content: z.string().nullish(),
});
export type OpenAiResponsesOutputItem = z.infer<typeof openAiResponsesOutputItemSchema>;

export const openAiResponsesResponseSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  status: z.string().nullish(),
  output: z.array(openAiResponsesOutputItemSchema).nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
  usage: openAiResponsesUsageSchema.nullish(),
});
export type OpenAiResponsesResponse = z.infer<typeof openAiResponsesResponseSchema>;

/** Every streaming event (API reference › Responses › Streaming events), as one lenient shape. */
export const openAiResponsesStreamEventSchema = z.looseObject({
  type: z.string(),
  sequence_number: z.number().nullish(),
  response: openAiResponsesResponseSchema.nullish(),
  output_index: z.number().nullish(),
  content_index: z.number().nullish(),
  summary_index: z.number().nullish(),
  item_id: z.string().nullish(),
  item: openAiResponsesOutputItemSchema.nullish(),
  part: upstreamTextSchema.nullish(),
  delta: z.string().nullish(),
  text: z.string().nullish(),
  refusal: z.string().nullish(),
  arguments: z.string().nullish(),
  /** Top-level `error` events carry these. */
  code: z.string().nullish(),
  message: z.string().nullish(),
});
export type OpenAiResponsesStreamEvent = z.infer<typeof openAiResponsesStreamEventSchema>;
