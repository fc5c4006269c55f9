import type { BudgetCounter } from "../../../durable-objects/budget-counter.ts";
import type { ReserveResult } from "../../core/budget/budget-counter-rpc.ts";
import { budgetScopeName } from "../../core/budget/budget-scope.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { refusalError } from "./budget-refusal-error.ts";
import type { LimitedScope } from "./budget-scopes-of.ts";
import type { BudgetSettings } from "./budget-settings.ts";
import { fastBalanceCache } from "./fast-balance-cache.ts";
import { type PendingSettles, pendingSettlesOf } from "./pending-settles.ts";
import { rateLimitHeaders } from "./rate-limit-headers.ts";

type Granted = Extract<ReserveResult, { ok: true }>;

interface Hold {
  scope: LimitedScope;
  stub: DurableObjectStub<BudgetCounter>;
  /** Strict scopes hold a reservation; fast ones only settle, once admitted. */
  fast: boolean;
  reservationId: string | undefined;
  admitted: boolean;
  granted: Granted | undefined;
}

/**
 * One request's budget across its scopes: reserve before the first upstream
 * call (every strict scope in parallel, one round trip each), top up while
 * the output streams, settle once with what the request really cost. A
 * refusal anywhere refuses the request and releases what the other scopes
 * granted. See docs/decisions/0004-budget-enforcement.md.
 */
export class RequestBudget {
  private readonly holds: Hold[];
  private readonly settings: BudgetSettings;
  private readonly requestId: string;
  private readonly waitUntil: (promise: Promise<unknown>) => void;
  private readonly pendingSettles: PendingSettles;
  /** USD every strict scope holds for this request (they all hold the same). */
  private heldUsd = 0;
  private reserved = false;
  private settled = false;
  /** The Durable Objects were unreachable and the failure mode is open: run unmetered. */
  private bypassed = false;

  constructor(
    scopes: LimitedScope[],
    env: Env,
    settings: BudgetSettings,
    requestId: string,
    waitUntil: (promise: Promise<unknown>) => void,
  ) {
    this.settings = settings;
    this.requestId = requestId;
    this.waitUntil = waitUntil;
    this.pendingSettles = pendingSettlesOf(env.BUDGET_COUNTER);
    this.holds = scopes.map((scope) => ({
      scope,
      stub: env.BUDGET_COUNTER.getByName(budgetScopeName(scope.scope)),
      fast: scope.limits.budgetMode === "fast",
      reservationId: undefined,
      admitted: false,
      granted: undefined,
    }));
  }

  get sliceTokens(): number {
    return this.settings.sliceTokens;
  }

  get grantedUsd(): number {
    return this.heldUsd;
  }

  /** Whether output must be metered: some strict scope holds a reservation. */
  get metered(): boolean {
    return !this.bypassed && this.holds.some((hold) => hold.reservationId !== undefined);
  }

  /**
   * Holds `amountUsd` (null: the price is unknown, the scopes' policies
   * decide) in every scope; on a later attempt (retry or fallback to a
   * pricier deployment) only tops the hold up. Throws the caller's 429/403/503.
   */
  async ensureHeld(amountUsd: number | null, estimatedTokens: number): Promise<void> {
    if (this.bypassed) return;
    if (this.reserved) {
      if (amountUsd !== null && amountUsd > this.heldUsd) {
        const topUp = amountUsd - this.heldUsd;
        if (!(await this.extend(topUp, 0))) {
          throw new GatewayError("budget_exceeded", "The budget cannot cover this request on its fallback deployment.");
        }
      }
      return;
    }
    this.reserved = true;
    const now = Date.now();
    let results: Array<Granted | Extract<ReserveResult, { ok: false }> | "fast-ok">;
    try {
      results = await Promise.all(this.holds.map((hold) => this.reserveOne(hold, amountUsd, estimatedTokens, now)));
    } catch (error) {
      this.onUnavailable(error);
      return;
    }
    results.forEach((result, index) => {
      const hold = this.holds[index];
      if (hold === undefined) return;
      if (result === "fast-ok") hold.admitted = true;
      else if (result.ok) {
        hold.reservationId = result.reservationId;
        hold.granted = result;
      }
    });
    const refusedAt = results.findIndex((result) => typeof result === "object" && !result.ok);
    const refused = results[refusedAt];
    if (refused !== undefined && typeof refused === "object" && !refused.ok) {
      this.release();
      const scope = this.holds[refusedAt]?.scope;
      throw refusalError(refused, scope?.label ?? "scope", scope?.limits);
    }
    this.heldUsd = amountUsd ?? 0;
  }

  /** Adds the next slice in every strict scope, in parallel; false when any refuses. */
  async extend(amountUsd: number, extraTokens: number): Promise<boolean> {
    if (!this.metered) return true;
    const now = Date.now();
    try {
      const results = await Promise.all(
        this.holds.map((hold) =>
          hold.reservationId === undefined
            ? Promise.resolve({ ok: true as const })
            : hold.stub.extend({
                reservationId: hold.reservationId,
                amountUsd,
                extraTokens,
                limits: hold.scope.limits,
                now,
              }),
        ),
      );
      if (results.every((result) => result.ok)) {
        this.heldUsd += amountUsd;
        return true;
      }
      return false;
    } catch (error) {
      if (this.settings.failOpen) {
        console.error("budget top-up failed; failure mode open, continuing", error);
        return true;
      }
      console.error("budget top-up failed; failure mode closed, ending the stream", error);
      return false;
    }
  }

  /**
   * Replaces every hold with the request's cost, after the response, through
   * waitUntil: carried by the scope's next reserve or sent shortly after
   * (pending-settles.ts); retried, and idempotent by request id in the Durable
   * Object. An unsettled hold would expire and release money actually spent.
   */
  settle(actualUsd: number, actualTokens: number): void {
    if (this.settled || this.bypassed) return;
    this.settled = true;
    const now = Date.now();
    for (const hold of this.holds) {
      if (hold.fast ? !hold.admitted : hold.reservationId === undefined) continue;
      const fast = hold.fast;
      if (fast) fastBalanceCache.charged(budgetScopeName(hold.scope.scope), actualUsd);
      const input = {
        reservationId: hold.reservationId ?? `fast:${this.requestId}`,
        requestId: this.requestId,
        actualUsd,
        actualTokens,
        now,
        ...(fast ? { countRequest: true } : {}),
      };
      this.waitUntil(this.pendingSettles.add(budgetScopeName(hold.scope.scope), input));
    }
  }

  /** A refused request gives back what the other scopes granted, and is not charged anywhere. */
  private release(): void {
    this.settled = true;
    const now = Date.now();
    for (const hold of this.holds) {
      const reservationId = hold.reservationId;
      if (reservationId === undefined) continue;
      const input = { reservationId, requestId: this.requestId, actualUsd: 0, actualTokens: 0, now };
      this.waitUntil(this.pendingSettles.add(budgetScopeName(hold.scope.scope), input));
    }
  }

  /** `x-ratelimit-*` and `x-switchyard-budget-remaining` for a granted request. */
  headers(): Record<string, string> {
    return rateLimitHeaders(this.holds.map((hold) => ({ limits: hold.scope.limits, granted: hold.granted })));
  }

  private async reserveOne(
    hold: Hold,
    amountUsd: number | null,
    estimatedTokens: number,
    now: number,
  ): Promise<Granted | Extract<ReserveResult, { ok: false }> | "fast-ok"> {
    const { limits } = hold.scope;
    if (limits.budgetMode === "fast") {
      const verdict = await fastBalanceCache.admit(
        budgetScopeName(hold.scope.scope),
        limits,
        () => hold.stub.snapshot({ limits, now: Date.now() }),
        this.settings.fastRefreshMs,
        this.waitUntil,
        now,
      );
      if (verdict.ok) return "fast-ok";
      return {
        ok: false,
        reason: verdict.reason,
        limit: verdict.reason === "budget_exceeded" ? `max_budget ${limits.maxBudgetUsd} USD` : "rate limit",
        ...(verdict.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: verdict.retryAfterSeconds }),
      };
    }
    // Settles this isolate still holds for the scope go first, in the same call and transaction.
    const carried = this.pendingSettles.take(budgetScopeName(hold.scope.scope));
    const settles = carried.inputs.length === 0 ? {} : { settles: carried.inputs };
    try {
      const result = await hold.stub.reserve({
        requestId: this.requestId,
        amountUsd,
        estimatedTokens,
        limits,
        now,
        ...settles,
      });
      carried.applied();
      return result;
    } catch (error) {
      this.waitUntil(carried.requeue());
      throw error;
    }
  }

  private onUnavailable(error: unknown): void {
    if (this.settings.failOpen) {
      console.error("budget reservation failed; failure mode open, serving unmetered", error);
      this.bypassed = true;
      return;
    }
    throw new GatewayError("budget_unavailable", "The budget service is unavailable; try again shortly.", {
      isRetryable: true,
      retryAfterSeconds: 1,
      cause: error,
    });
  }
}
