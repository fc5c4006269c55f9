import { describe, expect, it } from "vitest";
import type { ScopeLimits } from "../../../workers/core/auth/cached-key.ts";
import { type BudgetLimits, budgetLimitsSchema } from "../../../workers/core/budget/budget-limits.ts";
import { fromNanoUsd, toNanoUsd } from "../../../workers/core/budget/nano-usd.ts";

const keyLimits: ScopeLimits = {
  maxBudgetUsd: 25,
  budgetDuration: "monthly",
  rpmLimit: 60,
  tpmLimit: 200_000,
  maxParallelRequests: 4,
};

describe("budgetLimitsSchema", () => {
  it("accepts a cached key's ScopeLimits as they are", () => {
    const limits: BudgetLimits = keyLimits;
    expect(budgetLimitsSchema.parse(limits)).toEqual(keyLimits);
  });

  it("accepts a time zone and an unknown-price policy", () => {
    const limits = { ...keyLimits, timezone: "America/New_York", unknownPrice: "allow" as const };
    expect(budgetLimitsSchema.parse(limits)).toEqual(limits);
  });

  it("rejects an unknown time zone, an unknown duration and fractional or negative limits", () => {
    const issues = (input: unknown) =>
      budgetLimitsSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(issues({ ...keyLimits, timezone: "Europe/Atlantis" })).toEqual([
      ["timezone", "expected an IANA time zone such as UTC or America/New_York"],
    ]);
    expect(issues({ ...keyLimits, budgetDuration: "quarterly" })).toEqual([
      ["budgetDuration", "expected a duration like 30s, 10m, 2h, 1d, 7d, 30d or monthly"],
    ]);
    expect(issues({ ...keyLimits, rpmLimit: 1.5, maxBudgetUsd: -1 })?.map(([path]) => path)).toEqual([
      "maxBudgetUsd",
      "rpmLimit",
    ]);
  });
});

describe("nano-USD amounts", () => {
  it("sums exactly where floating point does not", () => {
    expect(0.1 + 0.1 + 0.1 > 0.3).toBe(true);
    expect(toNanoUsd(0.1) * 3).toBe(toNanoUsd(0.3));
    expect(fromNanoUsd(toNanoUsd(0.1) * 3)).toBe(0.3);
    expect(toNanoUsd(3e-8 * 7)).toBe(210);
  });
});
