import { z } from "zod";
import { MAX_TRACE_RETENTION_DAYS } from "./trace-policy.ts";

/** How much of a tool call's (redacted) arguments the search index keeps. */
export const MAX_INDEXED_ARGUMENT_CHARS = 2_048;
/** Tool calls one queue message carries (a Queue message is at most 128 KB); the session object keeps all. */
export const MAX_QUEUED_TOOL_CALLS = 32;

/**
 * The session part of a spend queue message (workers/gateway/spend/spend-queue-message.ts): what the
 * D1 session index needs from one model call. Riding in the spend record's message makes the spend row
 * and the index rows one D1 batch, written or retried together.
 */
export const sessionIndexEntrySchema = z.object({
  scope: z.string().min(1),
  sessionId: z.string().min(1),
  /** The Responses id the client got, so a `previous_response_id` follow-up finds its session. */
  responseId: z.string().min(1).nullable(),
  toolCalls: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string(),
        // The cut text plus its `…[truncated N chars]` marker.
        arguments: z
          .string()
          .max(MAX_INDEXED_ARGUMENT_CHARS + 64)
          .nullable(),
      }),
    )
    .max(MAX_QUEUED_TOOL_CALLS),
  /** Days the index keeps the session after its last call; absent in messages queued before retention existed. */
  retentionDays: z.number().int().min(1).max(MAX_TRACE_RETENTION_DAYS).optional(),
});
export type SessionIndexEntry = z.infer<typeof sessionIndexEntrySchema>;
