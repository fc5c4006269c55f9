import type { z } from "zod";
import { sessionIndexEntrySchema } from "../../core/session/session-index-entry.ts";
import { spendRecordSchema } from "../../core/spend/spend-record.ts";

/**
 * A SPEND_QUEUE message: the spend record, plus — when the request belongs to a session — what the D1
 * session index needs (session-index-entry.ts). An optional field rather than a second queue or a second
 * message: the spend row and the index rows of one call are one D1 batch, acknowledged or retried
 * together, and messages queued before this field existed still parse.
 */
export const spendQueueMessageSchema = spendRecordSchema.extend({
  session: sessionIndexEntrySchema.optional(),
});
export type SpendQueueMessage = z.infer<typeof spendQueueMessageSchema>;
