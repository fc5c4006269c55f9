import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** process.env.FUZZ_RUNS of the vitest process ("" when unset), provided by vitest.config.ts. */
    fuzzRuns: string;
  }
}

/**
 * How many cases one property runs. CI runs each property's `ciRuns` (the
 * suites together stay at a few thousand cases and well under a minute);
 * `FUZZ_RUNS=<n> npx vitest run test/hardening` runs every property n times
 * instead. The tests run inside workerd, which has no process.env, so the
 * value travels through vitest's provide/inject (see vitest.config.ts).
 */
export function fuzzRuns(ciRuns: number): number {
  const requested = Number.parseInt(inject("fuzzRuns"), 10);
  return Number.isSafeInteger(requested) && requested > 0 ? requested : ciRuns;
}

/** A long property's time limit grows with the number of runs, so FUZZ_RUNS=100000 is not cut short. */
export function fuzzTimeoutMs(ciRuns: number, msPerRun = 20): number {
  return Math.max(30_000, fuzzRuns(ciRuns) * msPerRun);
}
