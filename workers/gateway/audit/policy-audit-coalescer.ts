/** An entry to append: the refusal it describes and how many refusals it stands for. */
export interface CoalescedEntry<Refusal> {
  refusal: Refusal;
  count: number;
}

export interface CoalescerDecision<Refusal> {
  /** This refusal opens a window: append it now, carrying `count` (itself plus any count held over). */
  send: CoalescedEntry<Refusal> | undefined;
  /** Counts of ended windows, each to be appended as one entry (described by the window's last refusal). */
  due: Array<CoalescedEntry<Refusal>>;
}

interface Window<Refusal> {
  startedAt: number;
  /** Refusals counted in this window after the one that was sent, and the latest of them. */
  suppressed: number;
  last: Refusal | undefined;
}

/**
 * Bounds the audit entries a flood of refusals can cause, per isolate: per
 * key and reason, the first refusal of a window (default 1 s) is appended at
 * once and the rest are only counted; once the window has ended, its count
 * goes out as one more entry. So a hammered key costs at most two appends per
 * window, and the refusals are still counted.
 *
 * Counts are flushed by activity, not timers: each refusal the isolate sees
 * (for any key, at most every `sweepMs`) collects the ended windows, and a
 * key's next refusal carries what its ended window still held. A timer would
 * keep every flooded request's waitUntil open for a second. The price: the
 * count of a burst's last window waits for the isolate's next refusal, and is
 * lost if the isolate is evicted first; the burst's first entry never is.
 * Memory is bounded: beyond `maxTracked` keys, ended windows are dropped (as a
 * last resort all, with the counts they held).
 */
export class PolicyAuditCoalescer<Refusal> {
  private readonly windows = new Map<string, Window<Refusal>>();
  /** Keys whose window holds a count not yet appended. */
  private readonly pending = new Set<string>();
  private readonly windowMs: number;
  private readonly sweepMs: number;
  private readonly maxTracked: number;
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(options: { windowMs?: number; sweepMs?: number; maxTracked?: number } = {}) {
    this.windowMs = options.windowMs ?? 1000;
    this.sweepMs = options.sweepMs ?? 100;
    this.maxTracked = options.maxTracked ?? 10_000;
  }

  admit(key: string, refusal: Refusal, now: number): CoalescerDecision<Refusal> {
    const due = now - this.sweptAt >= this.sweepMs ? this.sweep(now) : [];
    const current = this.windows.get(key);
    if (current !== undefined && now - current.startedAt < this.windowMs) {
      current.suppressed++;
      current.last = refusal;
      this.pending.add(key);
      return { send: undefined, due };
    }
    if (current === undefined) this.makeRoom(now);
    this.windows.set(key, { startedAt: now, suppressed: 0, last: undefined });
    this.pending.delete(key);
    return { send: { refusal, count: 1 + (current?.suppressed ?? 0) }, due };
  }

  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): Array<CoalescedEntry<Refusal>> {
    this.sweptAt = now;
    const due: Array<CoalescedEntry<Refusal>> = [];
    for (const key of this.pending) {
      const window = this.windows.get(key);
      if (window === undefined || window.last === undefined) {
        this.pending.delete(key);
        continue;
      }
      if (now - window.startedAt < this.windowMs) continue;
      due.push({ refusal: window.last, count: window.suppressed });
      window.suppressed = 0;
      window.last = undefined;
      this.pending.delete(key);
    }
    return due;
  }

  private makeRoom(now: number): void {
    if (this.windows.size < this.maxTracked) return;
    for (const [key, window] of this.windows) {
      if (window.suppressed === 0 && now - window.startedAt >= this.windowMs) this.windows.delete(key);
    }
    if (this.windows.size >= this.maxTracked) {
      this.windows.clear();
      this.pending.clear();
    }
  }
}
