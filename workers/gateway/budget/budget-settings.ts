/**
 * Deployment-wide budget knobs, from Worker vars (wrangler.toml [vars]):
 * - BUDGET_SLICE_TOKENS: output tokens per reservation slice (default 4096).
 *   A request holds its input estimate plus one slice up front and tops up a
 *   slice at a time, so this is also the most a request can overshoot by.
 * - BUDGET_FAILURE_MODE: `closed` (default) refuses requests with 503 when a
 *   budget Durable Object cannot be reached; `open` lets them through unmetered
 *   (the spend record still reaches D1) and logs.
 * - BUDGET_FAST_REFRESH_MS: how stale a cached balance may be in fast mode (default 1000).
 */
export interface BudgetSettings {
  sliceTokens: number;
  failOpen: boolean;
  fastRefreshMs: number;
}

const DEFAULT_SLICE_TOKENS = 4096;
const DEFAULT_FAST_REFRESH_MS = 1000;

function positiveInt(value: unknown, fallback: number): number {
  const parsed = typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

export function budgetSettingsOf(env: Env): BudgetSettings {
  const vars = env as unknown as Record<string, unknown>;
  return {
    sliceTokens: positiveInt(vars.BUDGET_SLICE_TOKENS, DEFAULT_SLICE_TOKENS),
    failOpen: vars.BUDGET_FAILURE_MODE === "open",
    fastRefreshMs: positiveInt(vars.BUDGET_FAST_REFRESH_MS, DEFAULT_FAST_REFRESH_MS),
  };
}
