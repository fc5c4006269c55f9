import { DurableObject } from "cloudflare:workers";
import type { z } from "zod";
import {
  type BudgetSnapshot,
  DEFAULT_RESERVATION_TTL_MS,
  type ExtendInput,
  type ExtendResult,
  extendInputSchema,
  parseBudgetRpcInput,
  type ReserveInput,
  type ReserveResult,
  reserveInputSchema,
  type SettleInput,
  type SettleResult,
  type SnapshotInput,
  settleInputSchema,
  settleManyInputSchema,
  snapshotInputSchema,
} from "../workers/core/budget/budget-counter-rpc.ts";
import type { BudgetLimits } from "../workers/core/budget/budget-limits.ts";
import {
  budgetExceededRefusal,
  type ReserveRefusal,
  rateLimitedRefusal,
  secondsUntil,
} from "../workers/core/budget/budget-refusal.ts";
import { type BudgetWindow, budgetWindowFor } from "../workers/core/budget/budget-window.ts";
import { fromNanoUsd, toNanoUsd } from "../workers/core/budget/nano-usd.ts";

/**
 * One object per budget scope (`key:<hash>`, `team:<id>`, … — see
 * workers/core/budget/budget-scope.ts). It is the single writer for the
 * scope's spend, so limits hold whatever the concurrency: every
 * read-then-write runs inside one `transactionSync`, and a request costs one
 * round trip per scope (budget, RPM, TPM and parallel checked in that call).
 *
 * Streams reserve a small first slice and `extend` it as output is metered, so
 * overshoot is at most one slice per request in flight. `settle` replaces the
 * hold with the real cost; an unsettled hold expires after its TTL (the alarm,
 * or lazily by the next call) and a late settle still charges.
 *
 * Storage (SQLite), amounts in nano-USD (workers/core/budget/nano-usd.ts):
 *   schema_version(version)            — migrations run once per object, in the constructor
 *   reservations(id PK, request_id, window_start, window_end, amount_nano, tokens, ttl_ms, expires_at, expired)
 *                                      — live holds (expired = 0); expired ones stay a day as tombstones (expired = 1)
 *                                        so a late settle still knows which window to charge
 *   spend(window_start PK, spent_nano) — settled spend, one row per budget window, keyed by the window's start
 *   rate_events(at, requests, tokens)  — request starts (requests = 1) and settled tokens; kept 60 s, for RPM/TPM
 *   settlements(request_id PK, window_start, settled_at) — settled request ids, kept a day: settle is idempotent
 *
 * Windows (workers/core/budget/budget-window.ts): a request is charged to the
 * window its reservation was made in, even when it settles after the
 * boundary. The budget of window [start, end) counts every spend row whose key
 * falls inside it, so widening `1d` to `monthly` still counts the month's
 * daily rows (narrowing, or leaving a never-resetting budget, starts afresh).
 * A settle whose reservation is unknown (tombstone pruned) is keyed by its
 * settle time, so it lands in whatever window holds that instant.
 *
 * Unpriced requests (`amountUsd: null`) follow `limits.unknownPrice` only in a
 * scope with a budget; elsewhere nothing is metered in USD to refuse them for.
 */
const SCHEMA_VERSION = 1;
/** How long expired holds (tombstones) and settled request ids are kept. */
const RETENTION_MS = 86_400_000;
const RATE_WINDOW_MS = 60_000;

type ReservationRow = {
  id: string;
  window_start: number;
  window_end: number;
  amount_nano: number;
  ttl_ms: number;
  expired: number;
};
type ReserveRequest = z.output<typeof reserveInputSchema>;
type SettleRequest = z.output<typeof settleInputSchema>;
type Outcome<Result> = { result: Result; expiresAt?: number };

export class BudgetCounter extends DurableObject<Env> {
  /** The alarm time this instance last set, so most calls skip `setAlarm`; re-read after eviction. */
  private scheduledAlarm: number | null = null;
  /** Running sums of `rate_events` (see rateTotals); undefined until first read. */
  private rateWindow: { requests: number; tokens: number } | undefined;
  /** The `now` of the last pruning of day-old tombstones and settled ids (expireAndPrune). */
  private retentionPrunedAt: number | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.migrate();
      this.scheduledAlarm = await ctx.storage.getAlarm();
    });
  }

  private migrate(): void {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    const current =
      sql.exec<{ version: number | null }>("SELECT max(version) AS version FROM schema_version").one().version ?? 0;
    if (current >= SCHEMA_VERSION) return;
    sql.exec(`CREATE TABLE IF NOT EXISTS reservations (
      id TEXT PRIMARY KEY, request_id TEXT NOT NULL, window_start INTEGER NOT NULL, window_end INTEGER NOT NULL,
      amount_nano INTEGER NOT NULL, tokens INTEGER NOT NULL, ttl_ms INTEGER NOT NULL, expires_at INTEGER NOT NULL,
      expired INTEGER NOT NULL DEFAULT 0)`);
    sql.exec("CREATE INDEX IF NOT EXISTS reservations_by_expiry ON reservations (expired, expires_at)");
    sql.exec("CREATE INDEX IF NOT EXISTS reservations_by_request ON reservations (request_id)");
    sql.exec("CREATE TABLE IF NOT EXISTS spend (window_start INTEGER PRIMARY KEY, spent_nano INTEGER NOT NULL)");
    sql.exec(
      "CREATE TABLE IF NOT EXISTS rate_events (at INTEGER NOT NULL, requests INTEGER NOT NULL, tokens INTEGER NOT NULL)",
    );
    sql.exec("CREATE INDEX IF NOT EXISTS rate_events_by_time ON rate_events (at)");
    sql.exec(`CREATE TABLE IF NOT EXISTS settlements (
      request_id TEXT PRIMARY KEY, window_start INTEGER NOT NULL, settled_at INTEGER NOT NULL)`);
    sql.exec("CREATE INDEX IF NOT EXISTS settlements_by_time ON settlements (settled_at)");
    sql.exec("INSERT INTO schema_version (version) VALUES (?)", SCHEMA_VERSION);
  }

  /** Holds the first slice, after checking the unknown-price policy, budget, parallel, RPM and TPM limits. */
  async reserve(input: ReserveInput): Promise<ReserveResult> {
    const request = parseBudgetRpcInput("reserve", reserveInputSchema, input);
    const outcome = this.transact(() => {
      // Earlier requests' settles first, so what they freed (parallel slots, held budget) counts for this one.
      for (const settle of request.settles ?? []) this.settleNow(settle);
      return this.reserveNow(request);
    });
    if (outcome.expiresAt !== undefined) await this.scheduleExpiry(outcome.expiresAt);
    return outcome.result;
  }

  private reserveNow(request: ReserveRequest): Outcome<ReserveResult> {
    const { limits, now } = request;
    this.expireAndPrune(now);
    const window = budgetWindowFor(limits, now);
    const budgetNano = limits.maxBudgetUsd === null ? null : toNanoUsd(limits.maxBudgetUsd);
    const existing = this.first<ReservationRow>("SELECT * FROM reservations WHERE request_id = ? AND expired = 0", [
      request.requestId,
    ]);
    // A retried reserve (its first answer was lost) gets the same hold back, not a second one.
    if (existing !== undefined) {
      return { result: this.granted(existing.id, existing.amount_nano, budgetNano, window, limits, now) };
    }

    if (request.amountUsd === null && budgetNano !== null && (limits.unknownPrice ?? "refuse") === "refuse") {
      return { result: { ok: false, reason: "unknown_price", limit: "unknown_price refuse" } };
    }
    const amountNano = request.amountUsd === null ? 0 : toNanoUsd(request.amountUsd);
    const committed = budgetNano === null ? 0 : this.committedNano(window);
    if (budgetNano !== null) {
      // An unpriced request (held at 0) still needs some budget left.
      const over = request.amountUsd === null ? committed >= budgetNano : committed + amountNano > budgetNano;
      if (over) return { result: budgetExceededRefusal(limits, window, now) };
    }
    const live = this.liveTotals();
    if (limits.maxParallelRequests !== null && live.count >= limits.maxParallelRequests) {
      return {
        result: { ok: false, reason: "parallel_limit", limit: `max_parallel_requests ${limits.maxParallelRequests}` },
      };
    }
    const rateRefusal = this.rateRefusal(limits, now, live.tokens, request.estimatedTokens);
    if (rateRefusal !== undefined) return { result: rateRefusal };

    const reservationId = crypto.randomUUID();
    const ttlMs = request.ttlMs ?? DEFAULT_RESERVATION_TTL_MS;
    this.exec(
      `INSERT INTO reservations (id, request_id, window_start, window_end, amount_nano, tokens, ttl_ms, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        reservationId,
        request.requestId,
        window.start,
        window.end,
        amountNano,
        request.estimatedTokens,
        ttlMs,
        now + ttlMs,
      ],
    );
    this.addRateEvent(now, 1, 0);
    // What granted() would read back: this transaction's own counts plus the hold just written.
    const after = { committedNano: committed + amountNano, heldTokens: live.tokens + request.estimatedTokens };
    return {
      result: this.granted(reservationId, amountNano, budgetNano, window, limits, now, after),
      expiresAt: now + ttlMs,
    };
  }

  /** Adds the next slice to a live hold and refreshes its TTL, within the window the hold was made in. */
  async extend(input: ExtendInput): Promise<ExtendResult> {
    const { reservationId, amountUsd, extraTokens, limits, now } = parseBudgetRpcInput(
      "extend",
      extendInputSchema,
      input,
    );
    const outcome = this.transact((): Outcome<ExtendResult> => {
      this.expireAndPrune(now);
      const reservation = this.first<ReservationRow>("SELECT * FROM reservations WHERE id = ?", [reservationId]);
      if (reservation === undefined || reservation.expired === 1) {
        return { result: { ok: false, reason: "reservation_expired" } };
      }
      const amountNano = toNanoUsd(amountUsd);
      const window = { start: reservation.window_start, end: reservation.window_end };
      if (limits.maxBudgetUsd !== null && this.committedNano(window) + amountNano > toNanoUsd(limits.maxBudgetUsd)) {
        return { result: { ok: false, reason: "budget_exceeded" } };
      }
      const expiresAt = now + reservation.ttl_ms;
      this.exec(
        "UPDATE reservations SET amount_nano = amount_nano + ?, tokens = tokens + ?, expires_at = ? WHERE id = ?",
        [amountNano, extraTokens ?? 0, expiresAt, reservationId],
      );
      return { result: { ok: true, grantedUsd: fromNanoUsd(amountNano) }, expiresAt };
    });
    if (outcome.expiresAt !== undefined) await this.scheduleExpiry(outcome.expiresAt);
    return outcome.result;
  }

  /** Replaces the hold with the actual cost. Idempotent by request id; an expired or unknown hold still charges. */
  async settle(input: SettleInput): Promise<SettleResult> {
    const request = parseBudgetRpcInput("settle", settleInputSchema, input);
    return this.transact(() => {
      this.expireAndPrune(request.now);
      return this.settleNow(request);
    });
  }

  /** Several settles in one transaction, in order: what the gateway had pending for this scope. */
  async settleMany(inputs: SettleInput[]): Promise<SettleResult[]> {
    const requests = parseBudgetRpcInput("settleMany", settleManyInputSchema, inputs);
    return this.transact(() => {
      // One prune for the batch, as of its latest settle: pruning is idempotent and only moves forward.
      this.expireAndPrune(Math.max(...requests.map((request) => request.now)));
      return requests.map((request) => this.settleNow(request));
    });
  }

  /** A settle's writes, inside the caller's transaction (which prunes). */
  private settleNow(request: SettleRequest): SettleResult {
    const { reservationId, requestId, actualUsd, actualTokens, now, countRequest } = request;
    const previous = this.first<{ window_start: number }>("SELECT window_start FROM settlements WHERE request_id = ?", [
      requestId,
    ]);
    if (previous !== undefined)
      return { ok: true, duplicate: true, spentUsd: this.bucketSpentUsd(previous.window_start) };

    const reservation = this.first<ReservationRow>("SELECT * FROM reservations WHERE id = ?", [reservationId]);
    const windowStart = reservation?.window_start ?? now;
    this.exec("DELETE FROM reservations WHERE id = ?", [reservationId]);
    this.exec(
      `INSERT INTO spend (window_start, spent_nano) VALUES (?, ?)
       ON CONFLICT (window_start) DO UPDATE SET spent_nano = spent_nano + excluded.spent_nano`,
      [windowStart, toNanoUsd(actualUsd)],
    );
    this.addRateEvent(now, countRequest === true ? 1 : 0, actualTokens);
    this.exec("INSERT INTO settlements (request_id, window_start, settled_at) VALUES (?, ?, ?)", [
      requestId,
      windowStart,
      now,
    ]);
    return { ok: true, duplicate: false, spentUsd: this.bucketSpentUsd(windowStart) };
  }

  /** What the scope has used in the window holding `now` (for the admin API and tests). */
  async snapshot(input: SnapshotInput): Promise<BudgetSnapshot> {
    const { limits, now } = parseBudgetRpcInput("snapshot", snapshotInputSchema, input);
    return this.transact((): BudgetSnapshot => {
      this.expireAndPrune(now);
      const window = budgetWindowFor(limits, now);
      const live = this.liveTotals();
      const rate = this.rateTotals(now);
      const lifetime = limits.budgetDuration === null;
      return {
        spentUsd: fromNanoUsd(this.spentNano(window)),
        reservedUsd: fromNanoUsd(this.reservedNano(window)),
        inFlight: live.count,
        windowStart: lifetime ? null : window.start,
        windowEnd: lifetime ? null : window.end,
        requestsLastMinute: rate.requests,
        tokensLastMinute: rate.tokens + live.tokens,
      };
    });
  }

  /**
   * Releases holds whose worker went quiet. Idempotent: a spurious or repeated
   * run only reschedules. It acts as of its scheduled time even when run early
   * (`runDurableObjectAlarm` in tests); in production it never runs early.
   */
  override async alarm(): Promise<void> {
    const asOf = Math.max(Date.now(), this.scheduledAlarm ?? 0);
    const next = this.transact(() => {
      this.expireAndPrune(asOf);
      return this.first<{ next: number | null }>("SELECT min(expires_at) AS next FROM reservations WHERE expired = 0")
        ?.next;
    });
    this.scheduledAlarm = null;
    if (typeof next === "number") await this.scheduleExpiry(next);
  }

  /** One alarm, at the earliest expiry: calls only move it earlier; `alarm()` moves it on. */
  private async scheduleExpiry(expiresAt: number): Promise<void> {
    if (this.scheduledAlarm !== null && this.scheduledAlarm <= expiresAt) return;
    this.scheduledAlarm = expiresAt;
    await this.ctx.storage.setAlarm(expiresAt);
  }

  /** Expires overdue holds; forgets rate events older than 60 s, and tombstones and settled ids older than a day. */
  private expireAndPrune(now: number): void {
    this.exec("UPDATE reservations SET expired = 1 WHERE expired = 0 AND expires_at <= ?", [now]);
    this.pruneRateEvents(now - RATE_WINDOW_MS);
    // Day-old tombstones and settled ids only take space: clearing them once a minute (of callers' time)
    // spares a hot scope two statements per call.
    if (this.retentionPrunedAt !== undefined && now >= this.retentionPrunedAt && now - this.retentionPrunedAt < 60_000)
      return;
    this.retentionPrunedAt = now;
    this.exec("DELETE FROM reservations WHERE expired = 1 AND expires_at <= ?", [now - RETENTION_MS]);
    this.exec("DELETE FROM settlements WHERE settled_at <= ?", [now - RETENTION_MS]);
  }

  /**
   * RPM counts requests started in the last 60 s; TPM counts tokens settled in
   * the last 60 s plus those held by requests in flight. Retry-After is when
   * enough counted requests (or settled tokens) leave the window; held tokens
   * leave only when their request settles, so when they alone block it is the
   * full minute. A request bigger than the whole TPM limit may run alone, or
   * it could never run.
   */
  private rateRefusal(
    limits: BudgetLimits,
    now: number,
    heldTokens: number,
    estimatedTokens: number,
  ): ReserveRefusal | undefined {
    if (limits.rpmLimit === null && limits.tpmLimit === null) return undefined;
    const cutoff = now - RATE_WINDOW_MS;
    const used = this.rateTotals(now);
    if (limits.rpmLimit !== null && used.requests >= limits.rpmLimit) {
      // The start whose departure brings the count under the limit: the oldest, unless the limit was lowered.
      const leaving = this.first<{ at: number }>(
        "SELECT at FROM rate_events WHERE at > ? AND requests > 0 ORDER BY at LIMIT 1 OFFSET ?",
        [cutoff, used.requests - limits.rpmLimit],
      );
      return rateLimitedRefusal(
        `rpm_limit ${limits.rpmLimit}`,
        leaving && secondsUntil(leaving.at + RATE_WINDOW_MS, now),
      );
    }
    const tokens = used.tokens + heldTokens;
    if (limits.tpmLimit !== null && tokens > 0 && tokens + estimatedTokens > limits.tpmLimit) {
      const leaving = this.first<{ at: number }>(
        `SELECT at FROM (SELECT at, sum(tokens) OVER (ORDER BY at ROWS UNBOUNDED PRECEDING) AS freed
         FROM rate_events WHERE at > ? AND tokens > 0) WHERE freed >= ? ORDER BY at LIMIT 1`,
        [cutoff, tokens + estimatedTokens - limits.tpmLimit],
      );
      const retryAt = (leaving?.at ?? now) + RATE_WINDOW_MS;
      return rateLimitedRefusal(`tpm_limit ${limits.tpmLimit}`, secondsUntil(retryAt, now));
    }
    return undefined;
  }

  /**
   * Requests and tokens of the last 60 s. Kept as running sums beside the
   * table — added on insert, subtracted as events are pruned — because
   * summing a hot key's window on every call (tens of thousands of rows at
   * a few hundred requests per second) was most of the object's CPU. Every
   * method prunes with its `now` before reading, so the sums always equal
   * the remaining rows; `_now` stays for the readers' clarity.
   */
  private rateTotals(_now: number): { requests: number; tokens: number } {
    if (this.rateWindow === undefined) {
      this.rateWindow = this.first<{ requests: number; tokens: number }>(
        "SELECT coalesce(sum(requests), 0) AS requests, coalesce(sum(tokens), 0) AS tokens FROM rate_events",
      ) ?? { requests: 0, tokens: 0 };
    }
    return { ...this.rateWindow };
  }

  private addRateEvent(at: number, requests: number, tokens: number): void {
    this.exec("INSERT INTO rate_events (at, requests, tokens) VALUES (?, ?, ?)", [at, requests, tokens]);
    if (this.rateWindow !== undefined) {
      this.rateWindow.requests += requests;
      this.rateWindow.tokens += tokens;
    }
  }

  private pruneRateEvents(cutoff: number): void {
    const leaving = this.first<{ count: number; requests: number; tokens: number }>(
      `SELECT count(*) AS count, coalesce(sum(requests), 0) AS requests, coalesce(sum(tokens), 0) AS tokens
       FROM rate_events WHERE at <= ?`,
      [cutoff],
    );
    if (leaving === undefined || leaving.count === 0) return;
    this.exec("DELETE FROM rate_events WHERE at <= ?", [cutoff]);
    if (this.rateWindow !== undefined) {
      this.rateWindow.requests -= leaving.requests;
      this.rateWindow.tokens -= leaving.tokens;
    }
  }

  /** A transaction; a failed one rolls the table back, so the running sums are re-read rather than trusted. */
  private transact<Result>(body: () => Result): Result {
    try {
      return this.ctx.storage.transactionSync(body);
    } catch (error) {
      this.rateWindow = undefined;
      throw error;
    }
  }

  /** Live holds in every window: what the parallel limit and TPM count. */
  private liveTotals(): { count: number; tokens: number } {
    return (
      this.first<{ count: number; tokens: number }>(
        "SELECT count(*) AS count, coalesce(sum(tokens), 0) AS tokens FROM reservations WHERE expired = 0",
      ) ?? { count: 0, tokens: 0 }
    );
  }

  private spentNano(window: BudgetWindow): number {
    const row = this.first<{ spent: number }>(
      "SELECT coalesce(sum(spent_nano), 0) AS spent FROM spend WHERE window_start >= ? AND window_start < ?",
      [window.start, window.end],
    );
    return row?.spent ?? 0;
  }

  private reservedNano(window: BudgetWindow): number {
    const row = this.first<{ reserved: number }>(
      `SELECT coalesce(sum(amount_nano), 0) AS reserved FROM reservations
       WHERE expired = 0 AND window_start >= ? AND window_start < ?`,
      [window.start, window.end],
    );
    return row?.reserved ?? 0;
  }

  /** Settled plus held spend of a window: what a new hold is measured against. */
  private committedNano(window: BudgetWindow): number {
    return this.spentNano(window) + this.reservedNano(window);
  }

  private bucketSpentUsd(windowStart: number): number {
    return fromNanoUsd(
      this.first<{ spent_nano: number }>("SELECT spent_nano FROM spend WHERE window_start = ?", [windowStart])
        ?.spent_nano ?? 0,
    );
  }

  private granted(
    reservationId: string,
    amountNano: number,
    budgetNano: number | null,
    window: BudgetWindow,
    limits: BudgetLimits,
    now: number,
    known?: { committedNano: number; heldTokens: number },
  ): ReserveResult {
    const committedNano = known?.committedNano ?? (budgetNano === null ? 0 : this.committedNano(window));
    const remainingUsd = budgetNano === null ? null : fromNanoUsd(budgetNano - committedNano);
    const rate = limits.rpmLimit === null && limits.tpmLimit === null ? undefined : this.rateTotals(now);
    const heldTokens = limits.tpmLimit === null ? 0 : (known?.heldTokens ?? this.liveTotals().tokens);
    return {
      ok: true,
      reservationId,
      grantedUsd: fromNanoUsd(amountNano),
      remainingUsd,
      requestsRemaining:
        limits.rpmLimit === null || rate === undefined ? null : Math.max(0, limits.rpmLimit - rate.requests),
      tokensRemaining:
        limits.tpmLimit === null || rate === undefined ? null : Math.max(0, limits.tpmLimit - rate.tokens - heldTokens),
    };
  }

  private exec(query: string, bindings: SqlStorageValue[] = []): void {
    this.ctx.storage.sql.exec(query, ...bindings);
  }

  private first<Row extends Record<string, SqlStorageValue>>(
    query: string,
    bindings: SqlStorageValue[] = [],
  ): Row | undefined {
    return this.ctx.storage.sql.exec<Row>(query, ...bindings).toArray()[0];
  }
}
