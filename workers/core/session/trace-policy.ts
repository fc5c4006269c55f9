import { z } from "zod";
import { DEFAULT_TRACE_BODY_POLICY, readTraceBodyPolicy, type TraceBodyPolicy } from "./trace-body-policy.ts";

/** How long a session's spans and index rows are kept unless an agent's policy says otherwise. */
export const DEFAULT_TRACE_RETENTION_DAYS = 30;
/** The admin API's bound for `trace_policy.retention_days` (workers/admin/agent-schemas.ts). */
export const MAX_TRACE_RETENTION_DAYS = 3650;
export const DAY_MS = 86_400_000;

/**
 * What a session trace keeps (trace-body-policy.ts) and for how many days. An agent carries its own
 * (`agents.trace_policy`); other keys follow the gateway's defaults (SESSION_TRACE_BODIES,
 * SESSION_TRACE_RETENTION_DAYS).
 */
export interface TracePolicy {
  bodies: TraceBodyPolicy;
  retentionDays: number;
}

const retentionDaysSchema = z.coerce.number().int().min(1).max(MAX_TRACE_RETENTION_DAYS);

/** A configured retention, or the default when it is absent or not a whole number of days in range. */
export function readTraceRetentionDays(value: unknown): number {
  if (value === undefined || value === null || value === "") return DEFAULT_TRACE_RETENTION_DAYS;
  const parsed = retentionDaysSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_TRACE_RETENTION_DAYS;
}

const storedAgentPolicySchema = z.looseObject({ bodies: z.unknown(), retention_days: z.unknown() });

/**
 * An agent's `trace_policy` column as the admin API stores it (`{ bodies, retention_days }`). The admin
 * schema validated it on write; a row written some other way still yields a usable policy, field by field.
 */
export function readAgentTracePolicy(stored: unknown): TracePolicy {
  const parsed = storedAgentPolicySchema.safeParse(stored);
  if (!parsed.success) return { bodies: DEFAULT_TRACE_BODY_POLICY, retentionDays: DEFAULT_TRACE_RETENTION_DAYS };
  return {
    bodies: readTraceBodyPolicy(parsed.data.bodies),
    retentionDays: readTraceRetentionDays(parsed.data.retention_days),
  };
}
