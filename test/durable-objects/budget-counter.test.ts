import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { BudgetLimits } from "../../workers/core/budget/budget-limits.ts";
import { budgetScopeName } from "../../workers/core/budget/budget-scope.ts";
import { computeBudgetWindow } from "../../workers/core/budget/budget-window.ts";

const NO_LIMITS: BudgetLimits = {
  maxBudgetUsd: null,
  budgetDuration: null,
  rpmLimit: null,
  tpmLimit: null,
  maxParallelRequests: null,
};

/** A fresh scope per test: storage outlives a single test. */
function freshCounter(kind: "key" | "team" | "user" | "agent" | "session" = "key") {
  return env.BUDGET_COUNTER.getByName(budgetScopeName({ kind, id: crypto.randomUUID() }));
}

type Counter = ReturnType<typeof freshCounter>;

const requestIdOf = (index: number) => `req_${index.toString().padStart(3, "0")}`;

async function reserveMany(
  counter: Counter,
  count: number,
  options: { amountUsd: number; limits: BudgetLimits; now: number; estimatedTokens?: number },
) {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      counter.reserve({
        requestId: requestIdOf(index),
        amountUsd: options.amountUsd,
        estimatedTokens: options.estimatedTokens ?? 1000,
        limits: options.limits,
        now: options.now,
      }),
    ),
  );
}

describe("BudgetCounter: budget under concurrency", () => {
  it("admits exactly the 10 reservations a budget covers out of 200 concurrent ones", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const limits = { ...NO_LIMITS, maxBudgetUsd: 1, budgetDuration: "1d" };
    const window = computeBudgetWindow("1d", "UTC", now);

    const results = await reserveMany(counter, 200, { amountUsd: 0.1, limits, now });

    const granted = results.filter((result) => result.ok);
    expect(granted).toHaveLength(10);
    expect(granted.map((result) => result.remainingUsd)).toEqual([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0]);
    expect(results.filter((result) => !result.ok)).toEqual(
      Array(190).fill({
        ok: false,
        reason: "budget_exceeded",
        retryAfterSeconds: Math.ceil((window.end - now) / 1000),
        limit: "max_budget 1 USD per 1d (UTC)",
      }),
    );

    const settled = await Promise.all(
      results.map((result, index) =>
        result.ok
          ? counter.settle({
              reservationId: result.reservationId,
              requestId: requestIdOf(index),
              actualUsd: result.grantedUsd,
              actualTokens: 1000,
              now: now + 1000,
            })
          : undefined,
      ),
    );
    expect(Math.max(...settled.map((result) => result?.spentUsd ?? 0))).toBe(1);
    expect(await counter.snapshot({ limits, now: now + 1000 })).toMatchObject({
      spentUsd: 1,
      reservedUsd: 0,
      inFlight: 0,
    });
    expect(
      await counter.reserve({ requestId: "one-more", amountUsd: 0.01, estimatedTokens: 10, limits, now: now + 2000 }),
    ).toMatchObject({
      ok: false,
      reason: "budget_exceeded",
    });
  });

  it("gives a retried reserve for the same request the same hold instead of a second one", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const limits = { ...NO_LIMITS, maxBudgetUsd: 1 };
    const first = await counter.reserve({ requestId: "req_retry", amountUsd: 0.4, estimatedTokens: 100, limits, now });
    const retried = await counter.reserve({
      requestId: "req_retry",
      amountUsd: 0.4,
      estimatedTokens: 100,
      limits,
      now,
    });
    expect(retried).toEqual(first);
    expect(first).toMatchObject({ ok: true, grantedUsd: 0.4, remainingUsd: 0.6 });
    expect(await counter.snapshot({ limits, now })).toMatchObject({ reservedUsd: 0.4, inFlight: 1, windowStart: null });
  });
});

describe("BudgetCounter: rate and parallel limits", () => {
  it("lets 10 of 50 concurrent requests through an rpm limit of 10 and says when the next fits", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const limits = { ...NO_LIMITS, rpmLimit: 10 };

    const results = await reserveMany(counter, 50, { amountUsd: 0, limits, now });
    expect(results.filter((result) => result.ok)).toHaveLength(10);
    expect(results.filter((result) => !result.ok)).toEqual(
      Array(40).fill({ ok: false, reason: "rate_limited", retryAfterSeconds: 60, limit: "rpm_limit 10" }),
    );

    // Finishing requests frees nothing: RPM counts starts.
    for (const [index, result] of results.entries()) {
      if (result.ok) {
        await counter.settle({
          reservationId: result.reservationId,
          requestId: requestIdOf(index),
          actualUsd: 0,
          actualTokens: 5,
          now: now + 1000,
        });
      }
    }
    const later = { requestId: "later", amountUsd: 0, estimatedTokens: 5, limits };
    expect(await counter.reserve({ ...later, now: now + 30_000 })).toMatchObject({ ok: false, retryAfterSeconds: 30 });
    expect(await counter.reserve({ ...later, now: now + 59_999 })).toMatchObject({ ok: false, retryAfterSeconds: 1 });
    expect(await counter.reserve({ ...later, now: now + 60_000 })).toMatchObject({ ok: true });
    expect(await counter.snapshot({ limits, now: now + 60_000 })).toMatchObject({ requestsLastMinute: 1 });
  });

  it("holds 3 parallel requests, admitting the next only when one settles", async () => {
    const counter = freshCounter("agent");
    const now = Date.now();
    const limits = { ...NO_LIMITS, maxParallelRequests: 3 };

    const results = await reserveMany(counter, 10, { amountUsd: 0.01, limits, now });
    const granted = results.flatMap((result, index) =>
      result.ok ? [{ ...result, requestId: requestIdOf(index) }] : [],
    );
    expect(granted).toHaveLength(3);
    expect(results.find((result) => !result.ok)).toEqual({
      ok: false,
      reason: "parallel_limit",
      limit: "max_parallel_requests 3",
    });

    const next = { amountUsd: 0.01, estimatedTokens: 10, limits, now: now + 1 };
    expect(await counter.reserve({ ...next, requestId: "waiting" })).toMatchObject({
      ok: false,
      reason: "parallel_limit",
    });
    const [first] = granted;
    if (first === undefined) throw new Error("no reservation granted");
    await counter.settle({
      reservationId: first.reservationId,
      requestId: first.requestId,
      actualUsd: 0.01,
      actualTokens: 10,
      now: now + 2,
    });
    expect(await counter.reserve({ ...next, requestId: "waiting" })).toMatchObject({ ok: true });
    expect(await counter.reserve({ ...next, requestId: "still-waiting" })).toMatchObject({
      ok: false,
      reason: "parallel_limit",
    });
    expect(await counter.snapshot({ limits, now: now + 3 })).toMatchObject({ inFlight: 3 });
  });

  it("counts tokens held by requests in flight against the tpm limit", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const limits = { ...NO_LIMITS, tpmLimit: 1000 };

    // 10 of 30 concurrent 100-token requests fit, though none has finished.
    const burst = await reserveMany(counter, 30, { amountUsd: 0, limits, now, estimatedTokens: 100 });
    expect(burst.filter((result) => result.ok)).toHaveLength(10);
    // Only held tokens block, and they leave when their requests settle: retry in a minute at most.
    expect(burst.find((result) => !result.ok)).toEqual({
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: 60,
      limit: "tpm_limit 1000",
    });

    // Settle all ten at 30 tokens each: 300 settled tokens now count, for 60 s from their settle time.
    for (const [index, result] of burst.entries()) {
      if (result.ok) {
        await counter.settle({
          reservationId: result.reservationId,
          requestId: requestIdOf(index),
          actualUsd: 0,
          actualTokens: 30,
          now: now + 1000,
        });
      }
    }
    const ask = (requestId: string, estimatedTokens: number, at: number) =>
      counter.reserve({ requestId, amountUsd: 0, estimatedTokens, limits, now: at });
    expect(await ask("fits", 700, now + 2000)).toMatchObject({ ok: true });
    expect(await counter.snapshot({ limits, now: now + 2000 })).toMatchObject({ tokensLastMinute: 1000 });
    expect(await ask("one-token-too-many", 1, now + 2000)).toEqual({
      ok: false,
      reason: "rate_limited",
      retryAfterSeconds: 59, // when the settled tokens of t+1 s leave the window
      limit: "tpm_limit 1000",
    });
    expect(await ask("after-they-leave", 300, now + 61_000)).toMatchObject({ ok: true });
  });

  it("lets a request bigger than the whole tpm limit run alone rather than never", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const limits = { ...NO_LIMITS, tpmLimit: 1000 };
    expect(
      await counter.reserve({ requestId: "huge", amountUsd: 0, estimatedTokens: 150_000, limits, now }),
    ).toMatchObject({ ok: true });
    expect(await counter.reserve({ requestId: "small", amountUsd: 0, estimatedTokens: 1, limits, now })).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
  });
});

describe("BudgetCounter: slice top-ups while streaming", () => {
  it("extends one stream slice by slice until the budget is granted exactly, then refuses", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const limits = { ...NO_LIMITS, maxBudgetUsd: 1 };
    const reserved = await counter.reserve({
      requestId: "stream",
      amountUsd: 0.05,
      estimatedTokens: 2000,
      limits,
      now,
    });
    if (!reserved.ok) throw new Error(`reserve refused: ${reserved.reason}`);

    let grantedUsd = reserved.grantedUsd;
    let slices = 1;
    for (;;) {
      const extended = await counter.extend({
        reservationId: reserved.reservationId,
        amountUsd: 0.05,
        extraTokens: 500,
        limits,
        now: now + slices,
      });
      if (!extended.ok) {
        expect(extended).toEqual({ ok: false, reason: "budget_exceeded" });
        break;
      }
      grantedUsd += extended.grantedUsd;
      slices += 1;
    }
    expect(slices).toBe(20);
    expect(await counter.snapshot({ limits, now: now + 100 })).toMatchObject({
      reservedUsd: 1,
      tokensLastMinute: 2000 + 19 * 500,
    });

    const settled = await counter.settle({
      reservationId: reserved.reservationId,
      requestId: "stream",
      actualUsd: 0.9731,
      actualTokens: 11_000,
      now: now + 200,
    });
    expect(settled).toEqual({ ok: true, duplicate: false, spentUsd: 0.9731 });
    expect(grantedUsd).toBeCloseTo(1, 12);
  });

  it("bounds overshoot by one slice per stream in flight when 8 streams top up concurrently", async () => {
    const counter = freshCounter("team");
    const now = Date.now();
    const budget = 1;
    const slice = 0.03;
    const streams = 8;
    const limits = { ...NO_LIMITS, maxBudgetUsd: budget, budgetDuration: "monthly" };

    const outcomes = await Promise.all(
      Array.from({ length: streams }, async (_, index) => {
        const requestId = `stream_${index}`;
        const reserved = await counter.reserve({ requestId, amountUsd: slice, estimatedTokens: 1000, limits, now });
        if (!reserved.ok) return { grantedUsd: 0, spentUsd: 0 };
        let grantedUsd = reserved.grantedUsd;
        let step = 0;
        for (;;) {
          step += 1;
          const extended = await counter.extend({
            reservationId: reserved.reservationId,
            amountUsd: slice,
            limits,
            now: now + step,
          });
          if (!extended.ok) break;
          grantedUsd += extended.grantedUsd;
        }
        // The upstream kept producing for up to one more slice before the gateway ended the stream.
        const actualUsd = grantedUsd + slice;
        const settled = await counter.settle({
          reservationId: reserved.reservationId,
          requestId,
          actualUsd,
          actualTokens: 4000,
          now: now + 1000,
        });
        return { grantedUsd, spentUsd: settled.spentUsd };
      }),
    );

    const totalGranted = outcomes.reduce((sum, outcome) => sum + outcome.grantedUsd, 0);
    expect(totalGranted).toBeLessThanOrEqual(budget + 1e-9);
    expect(totalGranted).toBeCloseTo(0.99, 9); // 33 slices of 0.03 fit in 1 USD
    const { spentUsd } = await counter.snapshot({ limits, now: now + 2000 });
    expect(spentUsd).toBeGreaterThan(budget);
    expect(spentUsd).toBeLessThanOrEqual(budget + streams * slice);
    expect(spentUsd).toBeCloseTo(0.99 + streams * slice, 9);
    expect(
      await counter.reserve({ requestId: "after", amountUsd: slice, estimatedTokens: 1, limits, now: now + 3000 }),
    ).toMatchObject({
      ok: false,
      reason: "budget_exceeded",
    });
  });
});

describe("BudgetCounter: expiry and eviction", () => {
  it("releases an unsettled hold from the alarm after its ttl, and still charges a late settle once", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const limits = { ...NO_LIMITS, maxBudgetUsd: 1, maxParallelRequests: 1 };
    const held = await counter.reserve({
      requestId: "orphan",
      amountUsd: 0.5,
      estimatedTokens: 100,
      limits,
      now,
      ttlMs: 5000,
    });
    if (!held.ok) throw new Error(`reserve refused: ${held.reason}`);
    await counter.reserve({
      requestId: "later-expiry",
      amountUsd: 0.1,
      estimatedTokens: 100,
      limits: NO_LIMITS,
      now,
      ttlMs: 600_000,
    });
    expect(await counter.snapshot({ limits, now })).toMatchObject({ reservedUsd: 0.6, inFlight: 2 });

    expect(await runDurableObjectAlarm(counter)).toBe(true);
    // Snapshots taken "as of" reserve time: only the alarm can have released the first hold.
    expect(await counter.snapshot({ limits, now })).toMatchObject({ reservedUsd: 0.1, inFlight: 1 });
    // One alarm, moved on to the next expiry; running it again early releases nothing more.
    expect(await runInDurableObject(counter, (_instance, state) => state.storage.getAlarm())).toBe(now + 600_000);
    expect(await runDurableObjectAlarm(counter)).toBe(true);
    expect(await counter.snapshot({ limits, now })).toMatchObject({ reservedUsd: 0, inFlight: 0 });
    expect(await runDurableObjectAlarm(counter)).toBe(false);

    expect(
      await counter.extend({ reservationId: held.reservationId, amountUsd: 0.1, limits, now: now + 6000 }),
    ).toEqual({
      ok: false,
      reason: "reservation_expired",
    });
    const settle = {
      reservationId: held.reservationId,
      requestId: "orphan",
      actualUsd: 0.42,
      actualTokens: 900,
      now: now + 7000,
    };
    expect(await counter.settle(settle)).toEqual({ ok: true, duplicate: false, spentUsd: 0.42 });
    expect(await counter.settle(settle)).toEqual({ ok: true, duplicate: true, spentUsd: 0.42 });
    expect(await counter.snapshot({ limits, now: now + 8000 })).toMatchObject({
      spentUsd: 0.42,
      reservedUsd: 0,
      inFlight: 0,
    });
  });

  it("stops counting an expired hold at its expiry even before the alarm runs", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const limits = { ...NO_LIMITS, maxParallelRequests: 1 };
    await counter.reserve({ requestId: "dead-worker", amountUsd: 0, estimatedTokens: 1, limits, now });
    const next = { requestId: "next", amountUsd: 0, estimatedTokens: 1, limits };
    expect(await counter.reserve({ ...next, now: now + 600_000 - 1 })).toMatchObject({
      ok: false,
      reason: "parallel_limit",
    });
    expect(await counter.reserve({ ...next, now: now + 600_000 })).toMatchObject({ ok: true });
    // The dead worker's request, retried much later, gets a new hold rather than its expired one.
    const retried = await counter.reserve({ ...next, requestId: "dead-worker", limits: NO_LIMITS, now: now + 700_000 });
    expect(retried).toMatchObject({ ok: true });
    expect(await counter.snapshot({ limits, now: now + 700_000 })).toMatchObject({ inFlight: 2 });
  });

  it("loses nothing when the object is evicted between reserve and settle", async () => {
    const counter = freshCounter("user");
    const now = Date.now();
    const limits = { ...NO_LIMITS, maxBudgetUsd: 1, budgetDuration: "1d", maxParallelRequests: 1 };
    const held = await counter.reserve({ requestId: "req_evicted", amountUsd: 0.3, estimatedTokens: 100, limits, now });
    if (!held.ok) throw new Error(`reserve refused: ${held.reason}`);

    await evictDurableObject(counter);

    expect(await counter.snapshot({ limits, now: now + 1 })).toMatchObject({ reservedUsd: 0.3, inFlight: 1 });
    expect(
      await counter.reserve({ requestId: "req_other", amountUsd: 0.1, estimatedTokens: 1, limits, now: now + 1 }),
    ).toMatchObject({
      ok: false,
      reason: "parallel_limit",
    });
    expect(await counter.extend({ reservationId: held.reservationId, amountUsd: 0.2, limits, now: now + 2 })).toEqual({
      ok: true,
      grantedUsd: 0.2,
    });

    await evictDurableObject(counter);

    expect(await runInDurableObject(counter, (_instance, state) => state.storage.getAlarm())).toBe(now + 600_000);
    expect(
      await counter.settle({
        reservationId: held.reservationId,
        requestId: "req_evicted",
        actualUsd: 0.45,
        actualTokens: 300,
        now: now + 3,
      }),
    ).toEqual({
      ok: true,
      duplicate: false,
      spentUsd: 0.45,
    });
    expect(await counter.snapshot({ limits, now: now + 4 })).toMatchObject({
      spentUsd: 0.45,
      reservedUsd: 0,
      inFlight: 0,
    });
  });
});

describe("BudgetCounter: budget windows", () => {
  it("resets spend exactly at New York midnight and charges a late settle to the window it reserved in", async () => {
    const counter = freshCounter();
    const limits = { ...NO_LIMITS, maxBudgetUsd: 1, budgetDuration: "1d", timezone: "America/New_York" };
    const boundary = computeBudgetWindow("1d", "America/New_York", Date.now()).end;

    const spender = await counter.reserve({
      requestId: "spender",
      amountUsd: 0.8,
      estimatedTokens: 1,
      limits,
      now: boundary - 60_000,
    });
    const straddler = await counter.reserve({
      requestId: "straddler",
      amountUsd: 0.2,
      estimatedTokens: 1,
      limits,
      now: boundary - 10_000,
    });
    if (!spender.ok || !straddler.ok) throw new Error("reserve refused");
    await counter.settle({
      reservationId: spender.reservationId,
      requestId: "spender",
      actualUsd: 0.8,
      actualTokens: 1,
      now: boundary - 30_000,
    });

    const next = { requestId: "next", amountUsd: 0.5, estimatedTokens: 1, limits };
    expect(await counter.reserve({ ...next, now: boundary - 1 })).toEqual({
      ok: false,
      reason: "budget_exceeded",
      retryAfterSeconds: 1,
      limit: "max_budget 1 USD per 1d (America/New_York)",
    });
    expect(await counter.reserve({ ...next, now: boundary })).toMatchObject({
      ok: true,
      grantedUsd: 0.5,
      remainingUsd: 0.5,
    });

    // The straddling stream settles after midnight: its cost belongs to the day it started in.
    await counter.settle({
      reservationId: straddler.reservationId,
      requestId: "straddler",
      actualUsd: 0.15,
      actualTokens: 1,
      now: boundary + 5000,
    });
    expect(await counter.snapshot({ limits, now: boundary - 1 })).toMatchObject({
      spentUsd: 0.95,
      windowEnd: boundary,
    });
    expect(await counter.snapshot({ limits, now: boundary })).toMatchObject({
      spentUsd: 0,
      reservedUsd: 0.5,
      windowStart: boundary,
    });
  });

  it("counts a month's daily spend when the duration widens from 1d to monthly", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const daily = { ...NO_LIMITS, maxBudgetUsd: 1, budgetDuration: "1d" };
    const monthly = { ...daily, budgetDuration: "monthly" };
    const held = await counter.reserve({
      requestId: "req_daily",
      amountUsd: 0.7,
      estimatedTokens: 1,
      limits: daily,
      now,
    });
    if (!held.ok) throw new Error(`reserve refused: ${held.reason}`);
    await counter.settle({
      reservationId: held.reservationId,
      requestId: "req_daily",
      actualUsd: 0.7,
      actualTokens: 1,
      now,
    });
    expect(await counter.snapshot({ limits: monthly, now })).toMatchObject({ spentUsd: 0.7 });
    expect(
      await counter.reserve({ requestId: "req_monthly", amountUsd: 0.4, estimatedTokens: 1, limits: monthly, now }),
    ).toMatchObject({
      ok: false,
      reason: "budget_exceeded",
    });
  });
});

describe("BudgetCounter: requests the gateway cannot price", () => {
  it("refuses them by default and under an explicit refuse policy, naming the policy", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const unpriced = { requestId: "unpriced", amountUsd: null, estimatedTokens: 100, now };
    const refusal = { ok: false, reason: "unknown_price", limit: "unknown_price refuse" };
    expect(await counter.reserve({ ...unpriced, limits: { ...NO_LIMITS, maxBudgetUsd: 5 } })).toEqual(refusal);
    expect(
      await counter.reserve({ ...unpriced, limits: { ...NO_LIMITS, maxBudgetUsd: 5, unknownPrice: "refuse" } }),
    ).toEqual(refusal);
  });

  it("lets them through under an allow policy while budget remains, and charges what settle reports", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const limits = { ...NO_LIMITS, maxBudgetUsd: 1, unknownPrice: "allow" as const };
    const held = await counter.reserve({ requestId: "unpriced", amountUsd: null, estimatedTokens: 100, limits, now });
    expect(held).toMatchObject({ ok: true, grantedUsd: 0, remainingUsd: 1 });
    if (!held.ok) throw new Error("refused");
    await counter.settle({
      reservationId: held.reservationId,
      requestId: "unpriced",
      actualUsd: 1,
      actualTokens: 100,
      now,
    });
    expect(
      await counter.reserve({ requestId: "unpriced-2", amountUsd: null, estimatedTokens: 100, limits, now }),
    ).toEqual({
      ok: false,
      reason: "budget_exceeded",
      limit: "max_budget 1 USD",
    });
  });

  it("does not apply the policy in a scope without a budget (rate limits still count the request)", async () => {
    const counter = freshCounter("session");
    const now = Date.now();
    const limits = { ...NO_LIMITS, rpmLimit: 1, unknownPrice: "refuse" as const };
    expect(await counter.reserve({ requestId: "a", amountUsd: null, estimatedTokens: 1, limits, now })).toMatchObject({
      ok: true,
    });
    expect(await counter.reserve({ requestId: "b", amountUsd: null, estimatedTokens: 1, limits, now })).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
  });
});

describe("BudgetCounter: settle", () => {
  it("charges a settle whose reservation it never saw to the window holding the settle time", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const limits = { ...NO_LIMITS, maxBudgetUsd: 1, budgetDuration: "1h" };
    expect(
      await counter.settle({
        reservationId: "res_unknown",
        requestId: "req_unknown",
        actualUsd: 0.25,
        actualTokens: 10,
        now,
      }),
    ).toEqual({
      ok: true,
      duplicate: false,
      spentUsd: 0.25,
    });
    expect(await counter.snapshot({ limits, now })).toMatchObject({ spentUsd: 0.25, tokensLastMinute: 10 });
  });

  it("rejects malformed input as a bug, not a refusal, naming every bad field", async () => {
    const counter = freshCounter();
    // Called in the object: a rejecting RPC through the stub leaks an unhandled rejection in
    // vitest-pool-workers (cloudflare/workers-sdk#14736), though the caller gets the error.
    const message = await runInDurableObject(counter, (instance) =>
      instance.reserve({ requestId: "", amountUsd: -1, estimatedTokens: 1.5, limits: NO_LIMITS, now: Date.now() }).then(
        () => "resolved",
        (error: unknown) => (error instanceof TypeError ? error.message : "not a TypeError"),
      ),
    );
    expect(message).toMatch(/^BudgetCounter\.reserve: invalid input\n/);
    expect(message).toContain("→ at requestId");
    expect(message).toContain("→ at amountUsd");
    expect(message).toContain("→ at estimatedTokens");
  });
});

describe("BudgetCounter: what a grant tells the gateway", () => {
  it("reports RPM and TPM headroom after the request started, null for limits the scope does not set", async () => {
    const counter = freshCounter();
    const now = Date.now();
    const limits = { ...NO_LIMITS, rpmLimit: 5, tpmLimit: 10_000 };
    const first = await counter.reserve({ requestId: "r1", amountUsd: 0, estimatedTokens: 1500, limits, now });
    expect(first).toMatchObject({ ok: true, requestsRemaining: 4, tokensRemaining: 8500, remainingUsd: null });
    const second = await counter.reserve({ requestId: "r2", amountUsd: 0, estimatedTokens: 500, limits, now });
    expect(second).toMatchObject({ ok: true, requestsRemaining: 3, tokensRemaining: 8000 });

    const unlimited = await freshCounter().reserve({
      requestId: "r3",
      amountUsd: 0,
      estimatedTokens: 10,
      limits: NO_LIMITS,
      now,
    });
    expect(unlimited).toMatchObject({ ok: true, requestsRemaining: null, tokensRemaining: null });
  });

  it("counts a fast-mode settle (no reservation) as a request start for RPM", async () => {
    const counter = freshCounter();
    const now = Date.now();
    await counter.settle({
      reservationId: "fast:r1",
      requestId: "r1",
      actualUsd: 0.2,
      actualTokens: 300,
      now,
      countRequest: true,
    });
    await counter.settle({ reservationId: "fast:r2", requestId: "r2", actualUsd: 0.1, actualTokens: 100, now });
    const snapshot = await counter.snapshot({ limits: { ...NO_LIMITS, maxBudgetUsd: 1 }, now });
    expect(snapshot).toMatchObject({ requestsLastMinute: 1, tokensLastMinute: 400, reservedUsd: 0 });
    expect(snapshot.spentUsd).toBeCloseTo(0.3, 12);
  });
});
