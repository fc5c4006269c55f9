import { z } from "zod";

/**
 * What a session trace keeps of request bodies:
 *   none      spans and tool names and ids only, no arguments, results or messages
 *   metadata  (default) spans, plus each tool call's arguments and result
 *   full      also the messages each call added to the conversation (never the repeated context)
 * Everything kept goes through secret redaction first.
 */
export const traceBodyPolicySchema = z.enum(["none", "metadata", "full"]);
export type TraceBodyPolicy = z.infer<typeof traceBodyPolicySchema>;

export const DEFAULT_TRACE_BODY_POLICY: TraceBodyPolicy = "metadata";

/** A configured value, or the default when it is absent or not one of the three. */
export function readTraceBodyPolicy(value: unknown): TraceBodyPolicy {
  const parsed = traceBodyPolicySchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_TRACE_BODY_POLICY;
}
