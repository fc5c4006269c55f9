import type { BudgetSnapshot } from "../../core/budget/budget-counter-rpc.ts";
import type { BudgetLimits } from "../../core/budget/budget-limits.ts";
import { secondsUntil } from "../../core/budget/budget-refusal.ts";

interface Entry {
  snapshot: BudgetSnapshot;
  fetchedAt: number;
  /** What this isolate admitted since the snapshot: the part of the overshoot it can see. */
  localUsd: number;
  localRequests: number;
  refreshing: Promise<void> | undefined;
}

export type FastVerdict =
  | { ok: true }
  | { ok: false; reason: "budget_exceeded" | "rate_limited"; retryAfterSeconds?: number };

type Snapshotter = () => Promise<BudgetSnapshot>;

/**
 * Fast mode: admit against a balance cached in the isolate, settle after. No
 * round trip on the request's path once warm; the price is overshoot — every
 * isolate admits requests on a balance up to `refreshMs` old, so a scope can
 * go over by what all isolates admit within one refresh interval (plus the
 * requests in flight when the budget ran out). Strict mode has no such gap.
 */
export class FastBalanceCache {
  private readonly entries = new Map<string, Entry>();

  async admit(
    scopeName: string,
    limits: BudgetLimits,
    snapshot: Snapshotter,
    refreshMs: number,
    waitUntil: (promise: Promise<unknown>) => void,
    now: number,
  ): Promise<FastVerdict> {
    let entry = this.entries.get(scopeName);
    if (entry === undefined) {
      entry = { snapshot: await snapshot(), fetchedAt: now, localUsd: 0, localRequests: 0, refreshing: undefined };
      this.entries.set(scopeName, entry);
    } else if (now - entry.fetchedAt >= refreshMs && entry.refreshing === undefined) {
      const stale = entry;
      stale.refreshing = snapshot()
        .then((fresh) => {
          stale.snapshot = fresh;
          stale.fetchedAt = Date.now();
          stale.localUsd = 0;
          stale.localRequests = 0;
        })
        .catch((error: unknown) => console.error(`fast budget refresh of ${scopeName} failed`, error))
        .finally(() => {
          stale.refreshing = undefined;
        });
      waitUntil(stale.refreshing);
    }
    const { snapshot: balance } = entry;
    if (
      limits.maxBudgetUsd !== null &&
      balance.spentUsd + balance.reservedUsd + entry.localUsd >= limits.maxBudgetUsd
    ) {
      return {
        ok: false,
        reason: "budget_exceeded",
        ...(balance.windowEnd === null ? {} : { retryAfterSeconds: secondsUntil(balance.windowEnd, now) }),
      };
    }
    if (limits.rpmLimit !== null && balance.requestsLastMinute + entry.localRequests >= limits.rpmLimit) {
      return { ok: false, reason: "rate_limited", retryAfterSeconds: 1 };
    }
    if (limits.tpmLimit !== null && balance.tokensLastMinute >= limits.tpmLimit) {
      return { ok: false, reason: "rate_limited", retryAfterSeconds: 1 };
    }
    entry.localRequests += 1;
    return { ok: true };
  }

  /** The isolate's own settled spend counts until the next snapshot includes it. */
  charged(scopeName: string, usd: number): void {
    const entry = this.entries.get(scopeName);
    if (entry !== undefined) entry.localUsd += usd;
  }

  clear(): void {
    this.entries.clear();
  }
}

export const fastBalanceCache = new FastBalanceCache();
