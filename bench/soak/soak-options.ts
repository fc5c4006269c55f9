import { z } from "zod";

const number = (fallback: number) => z.coerce.number().default(fallback);

const optionsSchema = z.object({
  /** How long traffic runs. */
  SOAK_SECONDS: number(180).pipe(z.number().positive()),
  /** Requests in flight at once. */
  SOAK_CONCURRENCY: number(8).pipe(z.int().min(1).max(256)),
  /** Share of upstream requests the mock fails. */
  SOAK_FAILURE_RATE: number(0.1).pipe(z.number().min(0).max(1)),
  /** Seeds the traffic mix and the faults, so a failing run can be replayed. */
  SOAK_SEED: number(Date.now() % 1_000_000).pipe(z.int().nonnegative()),
  /** How long to wait for the Queue to drain after the traffic. */
  SOAK_DRAIN_SECONDS: number(120).pipe(z.number().positive()),
  /** The `tight` key's budget: enough for a few hundred answers, so it runs out and refuses during the run. */
  SOAK_TIGHT_BUDGET_USD: number(0.02).pipe(z.number().positive()),
  /** The team's max_parallel_requests, below the concurrency so some requests are refused. */
  SOAK_TEAM_PARALLEL: number(2).pipe(z.int().min(1)),
});

export interface SoakOptions {
  seconds: number;
  concurrency: number;
  failureRate: number;
  seed: number;
  drainSeconds: number;
  tightBudgetUsd: number;
  teamParallel: number;
}

/** The soak's knobs from the environment; a bad value stops the run naming the variable. */
export function soakOptions(environment: Record<string, string | undefined>): SoakOptions {
  const parsed = optionsSchema.safeParse(environment);
  if (!parsed.success) {
    throw new Error(
      `invalid soak options: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  }
  const value = parsed.data;
  return {
    seconds: value.SOAK_SECONDS,
    concurrency: value.SOAK_CONCURRENCY,
    failureRate: value.SOAK_FAILURE_RATE,
    seed: value.SOAK_SEED,
    drainSeconds: value.SOAK_DRAIN_SECONDS,
    tightBudgetUsd: value.SOAK_TIGHT_BUDGET_USD,
    teamParallel: value.SOAK_TEAM_PARALLEL,
  };
}
