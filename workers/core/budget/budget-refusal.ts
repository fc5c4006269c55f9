import type { ReserveResult } from "./budget-counter-rpc.ts";
import type { BudgetLimits } from "./budget-limits.ts";
import type { BudgetWindow } from "./budget-window.ts";

/** The refusals `BudgetCounter.reserve` returns; `limit` names the limit for the caller's error message. */
export type ReserveRefusal = Extract<ReserveResult, { ok: false }>;

/** Whole seconds until `instant`, at least 1 (a Retry-After of 0 invites a hot loop). */
export function secondsUntil(instant: number, now: number): number {
  return Math.max(1, Math.ceil((instant - now) / 1000));
}

/** Retry when the window ends; a budget that never resets gives no Retry-After. */
export function budgetExceededRefusal(limits: BudgetLimits, window: BudgetWindow, now: number): ReserveRefusal {
  const limit = `max_budget ${limits.maxBudgetUsd} USD`;
  if (limits.budgetDuration === null) return { ok: false, reason: "budget_exceeded", limit };
  return {
    ok: false,
    reason: "budget_exceeded",
    retryAfterSeconds: secondsUntil(window.end, now),
    limit: `${limit} per ${limits.budgetDuration} (${limits.timezone ?? "UTC"})`,
  };
}

export function rateLimitedRefusal(limit: string, retryAfterSeconds: number | undefined): ReserveRefusal {
  if (retryAfterSeconds === undefined) return { ok: false, reason: "rate_limited", limit };
  return { ok: false, reason: "rate_limited", retryAfterSeconds, limit };
}
