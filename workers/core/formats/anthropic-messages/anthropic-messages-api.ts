/**
 * Anthropic Messages wire schemas (https://docs.anthropic.com/en/api/messages).
 *
 * Inbound (client) schemas check the type of every field we act on and keep
 * unknown keys, which the converter reports in `unmapped` by path. Content
 * blocks are validated one by one (see convert-from-anthropic-messages.ts) so
 * an error names the exact field, e.g. `messages[2].content[0].text`.
 * Upstream schemas (response, stream events, error envelope) are lenient:
 * every field is `.nullish()` and unknown keys are kept.
 */
import { z } from "zod";

/**
 * Deliberately not loose: a cache breakpoint is a cost hint, and the IR keeps
 * only `type` and `ttl`; any other key a future API adds is dropped silently.
 */
export const anthropicCacheControlSchema = z.object({
  type: z.literal("ephemeral"),
  ttl: z.string().optional(),
});

const base64Source = z.looseObject({ type: z.literal("base64"), media_type: z.string(), data: z.string() });
const urlSource = z.looseObject({ type: z.literal("url"), url: z.string() });
/** Files API (`file_id`), plain text and content-block documents: not modelled by the IR. */
const fileSource = z.looseObject({ type: z.literal("file"), file_id: z.string() });
const textSource = z.looseObject({ type: z.literal("text"), media_type: z.string(), data: z.string() });
const contentSource = z.looseObject({ type: z.literal("content"), content: z.unknown() });

export const anthropicTextBlockSchema = z.looseObject({
  type: z.literal("text"),
  text: z.string(),
  cache_control: anthropicCacheControlSchema.nullish(),
});
export type AnthropicTextBlock = z.infer<typeof anthropicTextBlockSchema>;

export const anthropicImageBlockSchema = z.looseObject({
  type: z.literal("image"),
  source: z.discriminatedUnion("type", [base64Source, urlSource, fileSource]),
  cache_control: anthropicCacheControlSchema.nullish(),
});

export const anthropicDocumentBlockSchema = z.looseObject({
  type: z.literal("document"),
  source: z.discriminatedUnion("type", [base64Source, urlSource, fileSource, textSource, contentSource]),
  title: z.string().nullish(),
  cache_control: anthropicCacheControlSchema.nullish(),
});

export const anthropicToolUseBlockSchema = z.looseObject({
  type: z.literal("tool_use"),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: anthropicCacheControlSchema.nullish(),
});

export const anthropicToolResultBlockSchema = z.looseObject({
  type: z.literal("tool_result"),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: anthropicCacheControlSchema.nullish(),
});

export const anthropicThinkingBlockSchema = z.looseObject({
  type: z.literal("thinking"),
  thinking: z.string(),
  signature: z.string().optional(),
  cache_control: anthropicCacheControlSchema.nullish(),
});

export const anthropicRedactedThinkingBlockSchema = z.looseObject({
  type: z.literal("redacted_thinking"),
  data: z.string(),
  cache_control: anthropicCacheControlSchema.nullish(),
});

/** Any block: only `type` is checked here; the converter validates known types one by one. */
export const anthropicAnyBlockSchema = z.looseObject({ type: z.string() });

const blockContent = z.union([z.string(), z.array(anthropicAnyBlockSchema)]);

export const anthropicMessageSchema = z.looseObject({
  // `system` is not in the public API, but Claude Code sends it mid-conversation (CLIENTS.md).
  role: z.enum(["user", "assistant", "system"]),
  content: blockContent,
});

export const anthropicCustomToolSchema = z.looseObject({
  type: z.literal("custom").optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()),
  cache_control: anthropicCacheControlSchema.nullish(),
  strict: z.boolean().optional(),
});

export const anthropicToolChoiceSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("auto"), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal("any"), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({
    type: z.literal("tool"),
    name: z.string().min(1),
    disable_parallel_tool_use: z.boolean().optional(),
  }),
  z.looseObject({ type: z.literal("none") }),
]);

export const anthropicThinkingSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("enabled"), budget_tokens: z.number().int().positive() }),
  z.looseObject({ type: z.literal("adaptive") }),
  z.looseObject({ type: z.literal("disabled") }),
]);

/** Structured outputs: `output_config.format` (GA) or the older beta `output_format`. */
export const anthropicOutputFormatSchema = z.looseObject({
  type: z.literal("json_schema"),
  schema: z.record(z.string(), z.unknown()),
});

/** https://docs.anthropic.com/en/docs/build-with-claude/effort */
export const ANTHROPIC_EFFORTS = ["low", "medium", "high", "xhigh", "max"] as const;
export type AnthropicEffort = (typeof ANTHROPIC_EFFORTS)[number];

export const anthropicOutputConfigSchema = z.looseObject({
  effort: z.enum(ANTHROPIC_EFFORTS).nullish(),
  format: anthropicOutputFormatSchema.nullish(),
});

export const anthropicRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(anthropicMessageSchema),
  system: blockContent.optional(),
  tools: z.array(z.looseObject({ type: z.string().optional() })).optional(),
  tool_choice: anthropicToolChoiceSchema.optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  thinking: anthropicThinkingSchema.optional(),
  output_config: anthropicOutputConfigSchema.optional(),
  output_format: anthropicOutputFormatSchema.nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
});
export type AnthropicRequest = z.infer<typeof anthropicRequestSchema>;

/** The keys a schema acts on; anything else in the client's object is reported as unmapped. */
export function knownKeys(schema: { shape: Record<string, unknown> }): ReadonlySet<string> {
  return new Set(Object.keys(schema.shape));
}

// ---- Upstream (lenient) ----

export const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
});
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

/** A response content block; fields are checked per type by the decoder. */
export const anthropicResponseBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
  thinking: z.string().nullish(),
  signature: z.string().nullish(),
  data: z.string().nullish(),
});
export type AnthropicResponseBlock = z.infer<typeof anthropicResponseBlockSchema>;

export const anthropicResponseSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  model: z.string().nullish(),
  content: z.array(anthropicResponseBlockSchema).nullish(),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});

/** https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types */
export const anthropicStreamEventSchema = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.literal("message_start"),
    message: z.looseObject({
      id: z.string().nullish(),
      model: z.string().nullish(),
      usage: anthropicUsageSchema.nullish(),
    }),
  }),
  z.looseObject({
    type: z.literal("content_block_start"),
    index: z.number(),
    content_block: anthropicResponseBlockSchema,
  }),
  z.looseObject({
    type: z.literal("content_block_delta"),
    index: z.number(),
    delta: z.looseObject({
      type: z.string(),
      text: z.string().nullish(),
      partial_json: z.string().nullish(),
      thinking: z.string().nullish(),
      signature: z.string().nullish(),
    }),
  }),
  z.looseObject({ type: z.literal("content_block_stop"), index: z.number() }),
  z.looseObject({
    type: z.literal("message_delta"),
    delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }).nullish(),
    usage: anthropicUsageSchema.nullish(),
  }),
  z.looseObject({ type: z.literal("message_stop") }),
  z.looseObject({ type: z.literal("ping") }),
  z.looseObject({
    type: z.literal("error"),
    error: z.looseObject({ type: z.string().nullish(), message: z.string().nullish() }).nullish(),
  }),
]);
export type AnthropicStreamEvent = z.infer<typeof anthropicStreamEventSchema>;

/** https://docs.anthropic.com/en/api/errors#error-shapes */
export const anthropicErrorEnvelopeSchema = z.looseObject({
  type: z.literal("error"),
  error: z.looseObject({ type: z.string().nullish(), message: z.string().nullish() }),
});
