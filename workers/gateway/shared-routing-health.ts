import type {
  CooldownTransition,
  HealthReport,
  SharedCooldown,
  SharedCooldownsInput,
} from "../../durable-objects/routing-health-rpc.ts";
import type { FailureClass } from "../core/routing/failure-class.ts";
import { PendingHealthReport } from "./pending-health-report.ts";

/** The two RoutingHealth calls an isolate makes (the Durable Object stub, or a stand-in in tests). */
export interface RoutingHealthChannel {
  report(report: HealthReport): Promise<void>;
  sharedCooldowns(input: SharedCooldownsInput): Promise<SharedCooldown[]>;
}

export interface SharedRoutingHealthOptions {
  /** The RoutingHealth object; undefined where it is not bound, which turns sharing off. */
  channel: () => RoutingHealthChannel | undefined;
  /** The current request's `waitUntil`: pushes and pulls may outlive the response but never delay it. */
  defer: (promise: Promise<unknown>) => void;
  /** How often the shared cooldowns are pulled: the config refresh interval (CONFIG_REFRESH_MS). */
  pullIntervalMs: () => number;
  now: () => number;
  /** Outcome counts are pushed at most this often; a cooldown transition is pushed at once. */
  pushIntervalMs?: number;
}

const DEFAULT_PUSH_INTERVAL_MS = 1000;

/**
 * An isolate's link to the RoutingHealth Durable Object, entirely off the hot
 * path: what the isolate sees is batched (PendingHealthReport) and pushed at
 * most once per `pushIntervalMs`, or at once when a deployment enters or
 * leaves a cooldown; the running cooldowns are pulled every `pullIntervalMs`
 * and merged into the isolate's CooldownTracker. Every call runs under the
 * calling request's `waitUntil`, and no promise is shared between requests
 * (workerd cancels continuations resolved from another request's context).
 * A failed push is kept for the next one; a failed pull keeps the local view.
 */
export class SharedRoutingHealth {
  private readonly options: SharedRoutingHealthOptions;
  private readonly pushIntervalMs: number;
  private pending = new PendingHealthReport();
  private lastPushAt = Number.NEGATIVE_INFINITY;
  private lastPullAt = Number.NEGATIVE_INFINITY;
  private pushArmed = false;
  private pulling = false;
  private forgetBefore = Number.NEGATIVE_INFINITY;
  /** Unsettled pushes and pulls, for `settled()`. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(options: SharedRoutingHealthOptions) {
    this.options = options;
    this.pushIntervalMs = options.pushIntervalMs ?? DEFAULT_PUSH_INTERVAL_MS;
  }

  /** An attempt on the deployment ended (DeploymentStatsTracker.onEnd). */
  recordOutcome(deploymentId: string, ok: boolean, latencyMs: number, now: number): void {
    this.pending.addOutcome(deploymentId, ok, latencyMs, now);
    this.pushWhenDue(now);
  }

  /** An attempt failed with this class (CooldownTracker.recordFailure); the status when known. */
  recordError(deploymentId: string, kind: FailureClass, status: number | null, at: number): void {
    this.pending.addError(deploymentId, kind, status, at);
    this.pushWhenDue(at);
  }

  /** Other isolates should learn this before their next pull: pushed now, with everything pending. */
  recordTransition(transition: CooldownTransition): void {
    this.pending.addTransition(transition);
    this.track(this.push());
  }

  /** Pulls in the background when the interval has passed and no pull is running; `apply` merges the result. */
  pullWhenDue(apply: (cooldowns: SharedCooldown[]) => void, now: number): void {
    if (this.pulling || now - this.lastPullAt < this.options.pullIntervalMs()) return;
    this.track(this.pull(apply));
  }

  /** Fetches the running cooldowns now and hands those learned since the last `forget` to `apply`. */
  async pull(apply: (cooldowns: SharedCooldown[]) => void): Promise<void> {
    const channel = this.options.channel();
    if (channel === undefined) return;
    const now = this.options.now();
    this.pulling = true;
    this.lastPullAt = now;
    try {
      const cooldowns = await channel.sharedCooldowns({ now });
      // Read after the await: a reset while the pull was out applies to its result too.
      apply(cooldowns.filter((cooldown) => cooldown.cooledAt >= this.forgetBefore));
    } catch (error) {
      console.warn("routing health pull failed; routing on isolate-local cooldowns", error);
    } finally {
      this.pulling = false;
    }
  }

  /** Pushes everything pending now, ignoring the interval. */
  async flush(): Promise<void> {
    await this.push();
  }

  /** Resolves when every push and pull started so far has finished (tests wait on this). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /**
   * Drops what is pending and ignores shared cooldowns that began before
   * `now`: routingState.reset() gives tests a clean slate without a round
   * trip (the object outlives a test).
   */
  forget(now: number): void {
    this.pending = new PendingHealthReport();
    this.forgetBefore = now;
    this.lastPullAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * Pushes now when the interval has passed; else arms one timer (under this
   * request's waitUntil) for the rest of the interval, so a quiet isolate's
   * last counts still arrive within about a second.
   */
  private pushWhenDue(now: number): void {
    const wait = this.lastPushAt + this.pushIntervalMs - now;
    if (wait <= 0) {
      this.track(this.push());
      return;
    }
    if (this.pushArmed) return;
    this.pushArmed = true;
    this.track(
      new Promise<void>((resolve) => setTimeout(resolve, wait)).then(() => {
        this.pushArmed = false;
        return this.push();
      }),
    );
  }

  private async push(): Promise<void> {
    const now = this.options.now();
    const report = this.pending.take(now);
    if (report === undefined) return;
    this.lastPushAt = now;
    const channel = this.options.channel();
    if (channel === undefined) return;
    try {
      await channel.report(report);
    } catch (error) {
      console.warn("routing health push failed; keeping the counts for the next push", error);
      this.pending.absorb(report);
    }
  }

  private track(promise: Promise<void>): void {
    const tracked = promise.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    this.options.defer(tracked);
  }
}
