import { z } from "zod";
import { parseRpcInput } from "../workers/core/rpc/parse-rpc-input.ts";

/**
 * The `AuditLog` Durable Object's RPC contract. Inputs are parsed inside the
 * object (a bad input is a caller bug and throws a `TypeError` naming the
 * field). Writers never put secrets in here: keys appear as their SHA-256 or
 * display prefix, configs as their version number.
 */

/** One instance holds the whole chain: a hash chain needs a single serializing writer. */
export const AUDIT_LOG_NAME = "global";

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = "0".repeat(64);

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

const instant = z.int().nonnegative();
const label = z.string().min(1).max(200);

/** Who did it: `master`, an admin key's prefix, or a data-plane key's alias or prefix; with the role it acted in. */
export const auditActorSchema = z.object({
  label,
  role: z.string().min(1).max(40),
  teamId: z.string().max(200).nullable(),
});

/** What it was done to: `key` + its SHA-256, `team` + id, `config` + version, … (`id` null when there is none). */
export const auditTargetSchema = z.object({
  type: z.string().min(1).max(60),
  id: z.string().min(1).max(1000).nullable(),
});

/** `noun.verb`, lowercase: `key.generate`, `config.activate`, `budget.refused`. */
export const auditActionSchema = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "expected noun.verb in lowercase, e.g. key.generate");

/** Largest canonical `details` accepted; writers summarize rather than copy bodies. */
export const MAX_DETAILS_CHARS = 16_384;

export const auditAppendInputSchema = z.object({
  /** Appends are idempotent by this id: a retried append returns the entry already written. */
  eventId: z.string().min(1).max(200),
  at: instant,
  actor: auditActorSchema,
  action: auditActionSchema,
  target: auditTargetSchema,
  /** The team the entry is about, so a team_admin can be shown its own entries; null when none. */
  teamId: z.string().max(200).nullable(),
  details: z.record(z.string(), jsonValueSchema),
});

export const auditListQuerySchema = z.object({
  /** `key` matches `key.generate` and `key.update`; `key.gen` matches `key.generate`. */
  actionPrefix: z.string().min(1).max(100).optional(),
  actor: label.optional(),
  targetType: z.string().min(1).max(60).optional(),
  targetId: z.string().min(1).max(1000).optional(),
  teamId: z.string().min(1).max(200).optional(),
  /** Inclusive lower and exclusive upper bound on `at` (ms). */
  from: instant.optional(),
  to: instant.optional(),
  /** Entries with a `seq` below this one: the `nextCursor` of the previous page. */
  cursor: z.int().positive().optional(),
  limit: z.int().min(1).max(500).default(100),
});

export type AuditActor = z.infer<typeof auditActorSchema>;
export type AuditTarget = z.infer<typeof auditTargetSchema>;
export type AuditAppendInput = z.infer<typeof auditAppendInputSchema>;
export type AuditListQuery = z.input<typeof auditListQuerySchema>;

/**
 * A stored entry. `details` crosses RPC as its canonical JSON text (what the
 * hash covers): a recursive JSON type is too deep for RPC's type mapping.
 */
export interface AuditEntry extends Omit<AuditAppendInput, "details"> {
  detailsJson: string;
  seq: number;
  prevHash: string;
  hash: string;
}

export interface AuditAppendResult {
  seq: number;
  hash: string;
  /** True when the event id was already in the chain: nothing was written. */
  duplicate: boolean;
}

export interface AuditListPage {
  /** Newest first. */
  entries: AuditEntry[];
  nextCursor: number | null;
}

/** Why verification stopped: a row's own hash, its link to the previous row, or a missing row. */
export type AuditBreakReason = "hash_mismatch" | "prev_hash_mismatch" | "seq_gap";

export type AuditVerifyResult =
  | { ok: true; count: number; headSeq: number; headHash: string }
  | {
      ok: false;
      /** Entries verified before the break. */
      count: number;
      /** The first entry that does not hold. */
      seq: number;
      reason: AuditBreakReason;
      /** Hashes for the hash reasons; sequence numbers (as text) for `seq_gap`. */
      expected: string;
      stored: string;
    };

/** Parses an RPC input or throws a `TypeError` naming every bad field (see parse-rpc-input.ts). */
export function parseAuditLogInput<Schema extends z.ZodType>(
  method: string,
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  return parseRpcInput("AuditLog", method, schema, input);
}
