import { z } from "zod";
import { parseDuration } from "../auth/duration.ts";
import { zonedCalendar } from "./zoned-calendar.ts";

/**
 * A scope's limits as the gateway passes them with every budget call (they
 * live in D1 and change, so the Durable Object never caches them). The same
 * shape as `ScopeLimits` (workers/core/auth/cached-key.ts), so a cached key's
 * limits can be passed as they are.
 */
export const budgetLimitsSchema = z.object({
  /** USD per window; null = no spend limit. */
  maxBudgetUsd: z.number().nonnegative().nullable(),
  /** LiteLLM `budget_duration`; null = the budget never resets. */
  budgetDuration: z
    .string()
    .refine((value) => parseDuration(value) !== undefined, {
      message: "expected a duration like 30s, 10m, 2h, 1d, 7d, 30d or monthly",
    })
    .nullable(),
  /** IANA zone whose midnights, Mondays and 1sts reset day, week and month windows; default UTC. */
  timezone: z
    .string()
    .refine((value) => zonedCalendar(value) !== undefined, {
      message: "expected an IANA time zone such as UTC or America/New_York",
    })
    .optional(),
  rpmLimit: z.int().nonnegative().nullable(),
  tpmLimit: z.int().nonnegative().nullable(),
  maxParallelRequests: z.int().nonnegative().nullable(),
  /**
   * What a scope with a budget does with a request the gateway cannot price:
   * refuse it (default), or let it through as long as the budget is not
   * already spent. Never silently unmetered: the refusal names this policy.
   */
  unknownPrice: z.enum(["refuse", "allow"]).optional(),
  /** Read by the gateway, not the Durable Object: `fast` skips the reservation (workers/gateway/budget/). */
  budgetMode: z.enum(["strict", "fast"]).optional(),
});

export type BudgetLimits = z.input<typeof budgetLimitsSchema>;
