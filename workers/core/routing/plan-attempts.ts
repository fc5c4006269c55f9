import type { Deployment, GatewayConfig } from "../config/gateway-config.ts";
import { GatewayError } from "../errors/gateway-error.ts";
import type { UpstreamFailure } from "./classify-upstream-failure.ts";
import type { CooldownTracker } from "./cooldown-tracker.ts";
import type { DeploymentStats } from "./deployment-stats.ts";
import { failureClassTraits } from "./failure-class.ts";
import { fallbackGroupsFor } from "./fallback-plan.ts";
import { openPlannerGroup, type PlannerGroup } from "./planner-group.ts";
import { resolveFallbackTarget } from "./resolve-fallback-target.ts";
import { type ResolvedModelGroup, resolveModelGroup } from "./resolve-model-group.ts";
import { RetryPolicy } from "./retry-policy.ts";
import { noDeploymentAvailable, rateLimitsReached } from "./routing-errors.ts";
import { type RoutingOverride, resolveRoutingOverride } from "./routing-override.ts";
import { routingStrategyFor } from "./routing-strategy.ts";
import type { RoutingStrategyName } from "./routing-strategy-name.ts";

export interface PlanRequest {
  /** The model the client asked for: a model_name, an alias or a wildcard match. */
  model: string;
  /** Request tags (`x-switchyard-tags`, body `metadata.tags` or `tags`), used when tag filtering is on. */
  tags?: readonly string[];
  override?: RoutingOverride;
  stream?: boolean;
  /** Estimated input tokens, for tpm headroom in the usage-, latency- and cost-based strategies. */
  inputTokens?: number;
}

export interface PlannerClock {
  now: () => number;
  random: () => number;
}

export type AttemptReason = "primary" | "retry" | "order-fallback" | "fallback";

export type PlannedAttempt =
  | { kind: "try"; attempt: number; group: string; deployment: Deployment; delayMs: number; reason: AttemptReason }
  | { kind: "give-up"; attempts: number; error: GatewayError };

/** However the config multiplies retries and fallbacks, one request makes at most this many upstream calls. */
export const MAX_ATTEMPTS_PER_REQUEST = 25;

type TierPick = { tier: number; deployment: Deployment } | { limited: boolean };

/**
 * The routing state machine for one request, driven by the gateway:
 *
 *   const planner = new AttemptPlanner(config, stats, cooldowns, request, { now, random });
 *   for (let step = planner.next(); step.kind === "try"; step = planner.next(failure)) { … }
 *
 * `next()` picks the first deployment; `next(failure)` records the failure
 * (cooldowns) and decides: retry in the group (another deployment when there
 * is one, instantly; the same one only when it is the only one, after a
 * backoff), then on down the group's `order` tiers, then the fallback groups
 * (depth-first, each group once), else give up with the last error. Failures are values:
 * unknown models, bad overrides and unmatched tags come back as `give-up`.
 */
export class AttemptPlanner {
  private readonly config: GatewayConfig;
  private readonly stats: DeploymentStats;
  private readonly cooldowns: CooldownTracker;
  private readonly request: PlanRequest;
  private readonly clock: PlannerClock;
  private readonly retryPolicy: RetryPolicy;
  private strategy: RoutingStrategyName;
  private now = 0;
  private active: PlannerGroup | undefined;
  private last: Deployment | undefined;
  private readonly queue: { name: string; depth: number }[] = [];
  private readonly visited = new Set<string>();
  private readonly failed = new Set<string>();
  private attemptCount = 0;
  private lastError: GatewayError | undefined;
  private finished: Extract<PlannedAttempt, { kind: "give-up" }> | undefined;

  constructor(
    config: GatewayConfig,
    stats: DeploymentStats,
    cooldowns: CooldownTracker,
    request: PlanRequest,
    clock: PlannerClock,
  ) {
    this.config = config;
    this.stats = stats;
    this.cooldowns = cooldowns;
    this.request = request;
    this.clock = clock;
    this.strategy = config.routing.strategy;
    this.retryPolicy = new RetryPolicy(
      {
        numRetries: config.numRetries,
        retryPolicy: config.routing.retryPolicy,
        minRetryDelayMs: config.routing.minRetryDelayMs,
      },
      clock,
    );
  }

  /** Upstream calls planned so far. */
  get attempts(): number {
    return this.attemptCount;
  }

  next(failure?: UpstreamFailure): PlannedAttempt {
    if (this.finished !== undefined) return this.finished;
    this.now = this.clock.now();
    if (this.last === undefined) {
      if (failure !== undefined) throw new Error("AttemptPlanner.next: a failure was reported before any attempt.");
      return this.start();
    }
    if (failure === undefined) throw new Error("AttemptPlanner.next: the last attempt's failure is missing.");
    return this.afterFailure(this.last, failure);
  }

  /** The last attempt succeeded: a deployment probing after a cooldown is healthy again. */
  recordSuccess(): void {
    if (this.last !== undefined) this.cooldowns.recordSuccess(this.last.id, this.clock.now());
  }

  private start(): PlannedAttempt {
    try {
      const resolved = resolveModelGroup(this.config, this.request.model);
      const allIds = new Set([...this.config.deploymentsByGroup.values()].flat().map((deployment) => deployment.id));
      const override = resolveRoutingOverride(this.request.override, resolved.group, resolved.deployments, allIds);
      if (override.strategy !== undefined) this.strategy = override.strategy;
      return this.enter(this.activate(resolved, 0, override.deployment), "primary");
    } catch (error) {
      if (error instanceof GatewayError) return this.giveUp(error);
      throw error;
    }
  }

  private activate(resolved: ResolvedModelGroup, depth: number, pinned: Deployment | undefined): PlannerGroup {
    this.visited.add(resolved.requested);
    this.visited.add(resolved.group);
    return openPlannerGroup(resolved, depth, pinned, this.request.tags ?? [], this.config.routing);
  }

  /** The first attempt in a group: its lowest tier with a usable deployment, else its fallbacks. */
  private enter(group: PlannerGroup, reason: AttemptReason): PlannedAttempt {
    this.active = group;
    const pick = this.pickFrom(group, 0, (deployment) => this.usable(group, deployment));
    if ("deployment" in pick) {
      group.tier = pick.tier;
      return this.attempt(group, pick.deployment, 0, reason);
    }
    const all = group.tiers.flat();
    this.lastError = pick.limited
      ? rateLimitsReached(group.group, this.now)
      : noDeploymentAvailable(
          group.group,
          Math.min(...all.map((deployment) => this.cooldowns.remainingMs(deployment.id, this.now))),
        );
    // LiteLLM's "No deployments available" is a RateLimitError: the general fallbacks apply.
    return this.fallBack(group, "rate_limit");
  }

  private afterFailure(deployment: Deployment, failure: UpstreamFailure): PlannedAttempt {
    const group = this.active;
    if (group === undefined) throw new Error("AttemptPlanner: no active group.");
    this.lastError = failure.error;
    this.failed.add(deployment.id);
    this.cooldowns.recordFailure(deployment.id, failure.failureClass, this.now, group.groupSize, {
      ...(deployment.allowedFails === undefined ? {} : { allowedFails: deployment.allowedFails }),
      ...(deployment.cooldownTimeMs === undefined ? {} : { cooldownTimeMs: deployment.cooldownTimeMs }),
    });
    return this.retryInGroup(group, deployment, failure) ?? this.fallBack(group, failure.failureClass);
  }

  private retryInGroup(group: PlannerGroup, last: Deployment, failure: UpstreamFailure): PlannedAttempt | undefined {
    const traits = failureClassTraits(failure.failureClass);
    const budget = this.retryPolicy.retriesFor(failure, last);
    const fresh = (deployment: Deployment) => this.usable(group, deployment) && !this.failed.has(deployment.id);
    if (group.retriesUsed < budget) {
      // Another deployment not yet tried, from this tier on: no wait (LiteLLM retries
      // at once while the group has healthy deployments).
      const pick = this.pickFrom(group, group.tier, fresh);
      if ("deployment" in pick) {
        const nextTier = pick.tier !== group.tier;
        group.retriesUsed = nextTier ? 0 : group.retriesUsed + 1;
        group.tier = pick.tier;
        return this.attempt(group, pick.deployment, 0, nextTier ? "order-fallback" : "retry");
      }
      // One that failed earlier in this request, but never the one that just failed…
      const earlier = (group.tiers[group.tier] ?? []).filter(
        (deployment) => deployment.id !== last.id && this.usable(group, deployment),
      );
      const again = earlier.length > 0 ? this.pick(earlier) : undefined;
      if (again !== undefined) {
        group.retriesUsed += 1;
        return this.attempt(group, again, 0, "retry");
      }
      // …unless it is the only one left: then after a backoff. An auth failure
      // never goes back to the same key; a class retried only because the
      // retry_policy asks for it may.
      const sameAllowed = traits.retrySameDeployment || !traits.retryInGroup;
      if (sameAllowed && this.usable(group, last)) {
        const delayMs = this.retryPolicy.nextDelayMs(group.retriesUsed, failure, last);
        if (delayMs !== undefined) {
          group.retriesUsed += 1;
          return this.attempt(group, last, delayMs, "retry");
        }
      }
    }
    // Retries spent: `order` makes the group a priority list, walked down before
    // leaving it (LiteLLM tries order=2 when order=1 fails). The next tier comes
    // only once every deployment of this one is cooling or has failed, and gets
    // retries of its own. A group without tiers just ends, as in LiteLLM.
    // Prompt-level failures (context window, content policy, bad request) would
    // fail the same way further down.
    if (traits.requestLevel || group.pinned !== undefined || group.tiers.length < 2) return undefined;
    const pick = this.pickFrom(group, group.tier, fresh);
    if (!("deployment" in pick)) return undefined;
    if (pick.tier !== group.tier) group.retriesUsed = 0;
    group.tier = pick.tier;
    return this.attempt(group, pick.deployment, 0, "order-fallback");
  }

  /** Queues the group's fallbacks ahead of its siblings (depth-first), then enters the next queued group. */
  private fallBack(group: PlannerGroup, failureClass: UpstreamFailure["failureClass"]): PlannedAttempt {
    if (group.pinned === undefined && group.depth < this.config.routing.maxFallbacks) {
      const targets = fallbackGroupsFor(this.config.routing, group.names, failureClass, this.visited);
      for (const target of targets) this.visited.add(target);
      this.queue.unshift(...targets.map((name) => ({ name, depth: group.depth + 1 })));
    }
    for (let queued = this.queue.shift(); queued !== undefined; queued = this.queue.shift()) {
      const next = this.activateFallback(queued.name, queued.depth);
      if (next !== undefined) return this.enter(next, "fallback");
    }
    return this.giveUp(this.lastError ?? new GatewayError("internal", "Routing ended without an attempt."));
  }

  /** A queued fallback, or undefined when it names nothing or the request's tags rule all of it out. */
  private activateFallback(name: string, depth: number): PlannerGroup | undefined {
    const target = resolveFallbackTarget(this.config, name);
    if (target === undefined) return undefined;
    try {
      return this.activate(target.resolved, depth, target.pinned);
    } catch (error) {
      if (error instanceof GatewayError) return undefined;
      throw error;
    }
  }

  private pickFrom(group: PlannerGroup, fromTier: number, eligible: (deployment: Deployment) => boolean): TierPick {
    let limited = false;
    for (let tier = fromTier; tier < group.tiers.length; tier++) {
      const candidates = (group.tiers[tier] ?? []).filter(eligible);
      if (candidates.length === 0) continue;
      const deployment = this.pick(candidates);
      if (deployment !== undefined) return { tier, deployment };
      limited = true;
    }
    return { limited };
  }

  private pick(candidates: readonly Deployment[]): Deployment | undefined {
    const routing = this.config.routing;
    return routingStrategyFor(this.strategy)(candidates, {
      stats: this.stats,
      now: this.now,
      random: this.clock.random,
      stream: this.request.stream ?? false,
      latencyWindowMs: routing.latencyWindowMs,
      lowestLatencyBuffer: routing.lowestLatencyBuffer,
      inputTokens: this.request.inputTokens ?? 0,
    });
  }

  private usable(group: PlannerGroup, deployment: Deployment): boolean {
    return group.pinned !== undefined || !this.cooldowns.isCoolingDown(deployment.id, this.now);
  }

  private attempt(group: PlannerGroup, deployment: Deployment, delayMs: number, reason: AttemptReason): PlannedAttempt {
    if (this.attemptCount >= MAX_ATTEMPTS_PER_REQUEST) {
      return this.giveUp(this.lastError ?? new GatewayError("internal", "Too many upstream attempts."));
    }
    this.attemptCount += 1;
    this.last = deployment;
    this.cooldowns.beginAttempt(deployment.id, this.now);
    return { kind: "try", attempt: this.attemptCount, group: group.group, deployment, delayMs, reason };
  }

  private giveUp(error: GatewayError): PlannedAttempt {
    this.finished = { kind: "give-up", attempts: this.attemptCount, error };
    return this.finished;
  }
}
