import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { BudgetLimits } from "../../workers/core/budget/budget-limits.ts";
import { budgetScopeName } from "../../workers/core/budget/budget-scope.ts";

const limits: BudgetLimits = {
  maxBudgetUsd: 10,
  budgetDuration: null,
  rpmLimit: null,
  tpmLimit: null,
  maxParallelRequests: 1,
};

function freshCounter() {
  return env.BUDGET_COUNTER.getByName(budgetScopeName({ kind: "key", id: crypto.randomUUID() }));
}

describe("BudgetCounter: settles carried by a reserve, and settleMany", () => {
  it("applies the settles a reserve carries before checking it, in the same call", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const first = await counter.reserve({ requestId: "first", amountUsd: 1, estimatedTokens: 10, limits, now });
    if (!first.ok) throw new Error("first reserve refused");
    // Alone, the second request finds the only slot taken.
    expect(
      await counter.reserve({ requestId: "second", amountUsd: 1, estimatedTokens: 10, limits, now }),
    ).toMatchObject({ ok: false, reason: "parallel_limit" });
    const settle = { reservationId: first.reservationId, requestId: "first", actualUsd: 0.25, actualTokens: 20, now };
    const second = await counter.reserve({
      requestId: "second",
      amountUsd: 1,
      estimatedTokens: 10,
      limits,
      now: now + 1,
      settles: [settle],
    });
    expect(second).toMatchObject({ ok: true, remainingUsd: 10 - 0.25 - 1 });

    const snapshot = await counter.snapshot({ limits, now: now + 2 });
    expect(snapshot).toMatchObject({ spentUsd: 0.25, reservedUsd: 1, inFlight: 1 });
    // The carried settle counts once: sent again on its own it is a duplicate.
    expect(await counter.settle(settle)).toEqual({ ok: true, duplicate: true, spentUsd: 0.25 });
  });

  it("settles a batch in one call, once per request id", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const open = { ...limits, maxParallelRequests: null };
    const holds = await Promise.all(
      ["a", "b"].map((requestId) =>
        counter.reserve({ requestId, amountUsd: 1, estimatedTokens: 1, limits: open, now }),
      ),
    );
    const settles = holds.map((hold, index) => {
      if (!hold.ok) throw new Error("reserve refused");
      return {
        reservationId: hold.reservationId,
        requestId: ["a", "b"][index] ?? "",
        actualUsd: 0.5,
        actualTokens: 1,
        now,
      };
    });
    const [a, b] = settles;
    if (a === undefined || b === undefined) throw new Error("two settles expected");
    expect(await counter.settleMany([a, b, a])).toEqual([
      { ok: true, duplicate: false, spentUsd: 0.5 },
      { ok: true, duplicate: false, spentUsd: 1 },
      { ok: true, duplicate: true, spentUsd: 1 },
    ]);
    expect(await counter.snapshot({ limits: open, now })).toMatchObject({ spentUsd: 1, reservedUsd: 0, inFlight: 0 });
  });

  it("refuses a malformed batch as a bug, naming the method", async () => {
    // Called in the object: a rejecting RPC through the stub leaks an unhandled rejection in
    // vitest-pool-workers (cloudflare/workers-sdk#14736), though the caller gets the error.
    const message = await runInDurableObject(freshCounter(), (instance) =>
      instance.settleMany([]).then(
        () => "resolved",
        (error: unknown) => (error instanceof TypeError ? error.message : "not a TypeError"),
      ),
    );
    expect(message).toMatch(/^BudgetCounter\.settleMany: invalid input\n/);
  });
});
