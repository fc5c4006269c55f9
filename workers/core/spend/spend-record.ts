import { z } from "zod";

/**
 * One spend record per request, sent through the Queue and written to D1 by
 * the consumer. The request id is the primary key, so redelivery is idempotent.
 */
export const spendRecordSchema = z.object({
  requestId: z.string().min(1),
  startedAt: z.number(),
  apiFormat: z.string(),
  keyHash: z.string().nullable(),
  teamId: z.string().nullable(),
  userId: z.string().nullable(),
  agentId: z.string().nullable(),
  sessionId: z.string().nullable(),
  modelGroup: z.string(),
  provider: z.string().nullable(),
  deployment: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  cacheWriteTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  latencyMs: z.number().nonnegative(),
  timeToFirstTokenMs: z.number().nonnegative().nullable(),
  status: z.number().int(),
  errorKind: z.string().nullable(),
  stream: z.boolean(),
  cacheHit: z.boolean(),
  /** Only on a replay an admin ran (POST /sessions/:id/spans/:span/replay): the request id it replayed. */
  replayOf: z.string().min(1).optional(),
});
export type SpendRecord = z.infer<typeof spendRecordSchema>;
