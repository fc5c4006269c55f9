import { z } from "zod";
import { budgetLimitsSchema } from "./budget-limits.ts";

/**
 * The `BudgetCounter` Durable Object's RPC contract. Inputs are parsed with
 * these schemas inside the object (a bad input is a gateway bug and throws);
 * expected refusals come back as `{ ok: false, reason }` values.
 * Amounts are USD; `now` is the caller's epoch ms, so tests are deterministic.
 */
const usd = z.number().nonnegative();
const tokens = z.int().nonnegative();
const instant = z.number();
const id = z.string().min(1);

/** A reservation not settled or extended within this long is released (its worker probably died). */
export const DEFAULT_RESERVATION_TTL_MS = 10 * 60_000;

export const extendInputSchema = z.object({
  reservationId: id,
  /** The next slice. */
  amountUsd: usd,
  extraTokens: tokens.optional(),
  limits: budgetLimitsSchema,
  now: instant,
});

export const settleInputSchema = z.object({
  reservationId: id,
  /** The idempotency key: a second settle of the same request charges nothing. */
  requestId: id,
  actualUsd: usd,
  actualTokens: tokens,
  now: instant,
  /** Fast mode settles without a reservation: count the request for RPM here instead. */
  countRequest: z.boolean().optional(),
});

/** Settles the gateway had pending for one scope, applied in one transaction (see `settles` below). */
export const settleManyInputSchema = z.array(settleInputSchema).min(1).max(100);

export const reserveInputSchema = z.object({
  requestId: id,
  /** The initial slice: estimated input cost plus a modest output allowance. null = the price is unknown. */
  amountUsd: usd.nullable(),
  /** Input tokens plus the output allowance; held against the TPM limit while the request runs. */
  estimatedTokens: tokens,
  limits: budgetLimitsSchema,
  now: instant,
  ttlMs: z.int().positive().max(86_400_000).optional(),
  /**
   * Settles of earlier requests of this scope, applied first in the same transaction: the gateway
   * hands pending settles to the next reserve rather than making a round trip (and a commit) each.
   */
  settles: z.array(settleInputSchema).max(100).optional(),
});

export const snapshotInputSchema = z.object({ limits: budgetLimitsSchema, now: instant });

/**
 * Parses an RPC input or throws a `TypeError` naming every bad field. Plain
 * errors keep their message across RPC; a ZodError would arrive as "ZodError".
 */
export function parseBudgetRpcInput<Schema extends z.ZodType>(
  method: string,
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new TypeError(`BudgetCounter.${method}: invalid input\n${z.prettifyError(parsed.error)}`);
}

export type ReserveInput = z.input<typeof reserveInputSchema>;
export type ExtendInput = z.input<typeof extendInputSchema>;
export type SettleInput = z.input<typeof settleInputSchema>;
export type SnapshotInput = z.input<typeof snapshotInputSchema>;

export type ReserveRefusalReason = "budget_exceeded" | "rate_limited" | "parallel_limit" | "unknown_price";

export type ReserveResult =
  | {
      ok: true;
      reservationId: string;
      grantedUsd: number;
      /** Budget left after this hold; null when the scope has no budget. */
      remainingUsd: number | null;
      /** RPM and TPM headroom after this request started; null when the scope has no such limit. */
      requestsRemaining: number | null;
      tokensRemaining: number | null;
    }
  | {
      ok: false;
      reason: ReserveRefusalReason;
      /** Budget: until the window ends. Rate: until enough counted requests or tokens leave the 60 s window. */
      retryAfterSeconds?: number;
      /** The limit that refused, for the error message, e.g. `rpm_limit 10`. */
      limit: string;
    };

export type ExtendResult =
  | { ok: true; grantedUsd: number }
  | { ok: false; reason: "budget_exceeded" | "reservation_expired" };

export interface SettleResult {
  ok: true;
  duplicate: boolean;
  /** Total settled spend of the window this request was charged to. */
  spentUsd: number;
}

export interface BudgetSnapshot {
  spentUsd: number;
  reservedUsd: number;
  inFlight: number;
  /** null when the budget never resets. */
  windowStart: number | null;
  windowEnd: number | null;
  requestsLastMinute: number;
  /** Settled tokens of the last 60 s plus the tokens held by requests in flight (what TPM counts). */
  tokensLastMinute: number;
}
