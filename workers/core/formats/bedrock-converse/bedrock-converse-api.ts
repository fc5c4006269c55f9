/**
 * Amazon Bedrock Converse wire schemas
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html,
 * …/API_runtime_ConverseStream.html). Only upstream shapes live here, all
 * lenient: Bedrock adds members over time (citations, guardrail traces, the
 * `p` padding field of stream events), and unknown ones are ignored.
 * Outbound bodies are built as plain objects (see convert-to-bedrock-request.ts).
 */
import { z } from "zod";

export const bedrockUsageSchema = z.looseObject({
  inputTokens: z.number().nullish(),
  outputTokens: z.number().nullish(),
  totalTokens: z.number().nullish(),
  cacheReadInputTokens: z.number().nullish(),
  cacheWriteInputTokens: z.number().nullish(),
});
export type BedrockUsage = z.infer<typeof bedrockUsageSchema>;

const reasoningContentSchema = z.looseObject({
  reasoningText: z.looseObject({ text: z.string().nullish(), signature: z.string().nullish() }).nullish(),
  /** Base64 of the provider's opaque redacted reasoning. */
  redactedContent: z.string().nullish(),
});

/** ContentBlock is a union by member name: exactly one of these is set. */
export const bedrockResponseBlockSchema = z.looseObject({
  text: z.string().nullish(),
  toolUse: z
    .looseObject({ toolUseId: z.string().nullish(), name: z.string().nullish(), input: z.unknown().optional() })
    .nullish(),
  reasoningContent: reasoningContentSchema.nullish(),
});
export type BedrockResponseBlock = z.infer<typeof bedrockResponseBlockSchema>;

export const bedrockResponseSchema = z.looseObject({
  output: z
    .looseObject({
      message: z
        .looseObject({ role: z.string().nullish(), content: z.array(bedrockResponseBlockSchema).nullish() })
        .nullish(),
    })
    .nullish(),
  stopReason: z.string().nullish(),
  usage: bedrockUsageSchema.nullish(),
});

// ConverseStream: each event-stream message's `:event-type` names the member, its payload is the member's JSON.

export const bedrockMessageStartSchema = z.looseObject({ role: z.string().nullish() });

export const bedrockContentBlockStartSchema = z.looseObject({
  contentBlockIndex: z.number().int().nonnegative(),
  start: z
    .looseObject({ toolUse: z.looseObject({ toolUseId: z.string().nullish(), name: z.string().nullish() }).nullish() })
    .nullish(),
});

export const bedrockContentBlockDeltaSchema = z.looseObject({
  contentBlockIndex: z.number().int().nonnegative(),
  delta: z.looseObject({
    text: z.string().nullish(),
    toolUse: z.looseObject({ input: z.string().nullish() }).nullish(),
    reasoningContent: z
      .looseObject({
        text: z.string().nullish(),
        signature: z.string().nullish(),
        redactedContent: z.string().nullish(),
      })
      .nullish(),
  }),
});
export type BedrockContentBlockDelta = z.infer<typeof bedrockContentBlockDeltaSchema>["delta"];

export const bedrockContentBlockStopSchema = z.looseObject({ contentBlockIndex: z.number().int().nonnegative() });

export const bedrockMessageStopSchema = z.looseObject({ stopReason: z.string().nullish() });

export const bedrockMetadataSchema = z.looseObject({ usage: bedrockUsageSchema.nullish() });

/** Exceptions (stream `:message-type: exception`, and HTTP error bodies) carry a `message`. */
export const bedrockErrorBodySchema = z.looseObject({ message: z.string().nullish(), Message: z.string().nullish() });
