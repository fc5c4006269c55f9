import { z } from "zod";
import { FAILURE_CLASSES, type FailureClass, failureClassTraits } from "./failure-class.ts";

export interface CooldownSettings {
  /** Failures within the window a deployment may have; one more cools it down (LiteLLM default 3). */
  allowedFails: number;
  /** How long a deployment stays out (LiteLLM default 5 s). */
  cooldownTimeMs: number;
  disabled: boolean;
  /** Failures older than this stop counting (LiteLLM: "fails > allowed_fails in a minute"). */
  failureWindowMs?: number;
  /** A probe that never reports back frees the deployment for another probe after this long. */
  probeTimeoutMs?: number;
}

/** healthy → (failures) → cooling → (cooldown ends) → probe-ready → (one request) → probing → healthy | cooling. */
export type CooldownState = "healthy" | "cooling" | "probe-ready" | "probing";
export type CooldownOutcome = "ignored" | "counted" | "cooled";

export interface CooldownOverrides {
  /** `model_info.allowed_fails` of the deployment. */
  allowedFails?: number;
  /** `model_info.cooldown_time` of the deployment, ms; 0 turns cooldowns off for it. */
  cooldownTimeMs?: number;
}

export interface CooldownSnapshotEntry {
  deploymentId: string;
  state: CooldownState;
  cooldownUntil: number | undefined;
  recentFailures: number;
  lastFailureClass: FailureClass | undefined;
}

const DEFAULT_FAILURE_WINDOW_MS = 60_000;
const DEFAULT_PROBE_TIMEOUT_MS = 60_000;
/** LiteLLM constants.py: cool down when over half of a minute's requests failed, from 5 requests on. */
const FAILURE_RATE_THRESHOLD = 0.5;
const FAILURE_RATE_MINIMUM_REQUESTS = 5;
const MAX_EXPORTED_FAILURES = 100;

const entryStateSchema = z.object({
  failures: z.array(z.number()),
  lastFailureClass: z.enum(FAILURE_CLASSES).optional(),
  cooldownUntil: z.number().optional(),
  probeStartedAt: z.number().optional(),
});

/** The JSON shape of exportState/importState, so isolates can share what they saw. */
export const cooldownStateSchema = z.object({
  version: z.literal(1),
  deployments: z.record(z.string(), entryStateSchema),
});

export type CooldownStateJson = z.infer<typeof cooldownStateSchema>;

interface Entry extends z.infer<typeof entryStateSchema> {
  minute: number;
  minuteSuccesses: number;
  minuteFailures: number;
}

function minuteOf(now: number): number {
  return Math.floor(now / 60_000);
}

/**
 * Which deployments are left out of routing after failing, as LiteLLM's
 * router cooldowns (https://docs.litellm.ai/docs/routing#cooldowns,
 * router_utils/cooldown_handlers.py), plus a half-open probe: when the
 * cooldown ends, one request is let through; its success closes the circuit,
 * a counted failure opens it again. Pure: every method takes `now`.
 *
 * A deployment is cooled down when, with a failure class that counts:
 * - it is a 429 and the group has more than one deployment, a 401/403, or a
 *   404 (immediately, as LiteLLM does);
 * - it failed more than `allowed_fails` times within the window;
 * - over half of at least 5 requests this minute failed (not for a group's only deployment).
 * A group's only deployment is never cooled down on 429: nothing else could
 * take its traffic, so a cooldown would only turn throttling into outages.
 */
export class CooldownTracker {
  private readonly entries = new Map<string, Entry>();
  private settings: CooldownSettings;

  constructor(settings: CooldownSettings) {
    this.settings = settings;
  }

  /** New settings after a config reload; state is kept. */
  configure(settings: CooldownSettings): void {
    this.settings = settings;
  }

  state(deploymentId: string, now: number): CooldownState {
    const entry = this.entries.get(deploymentId);
    if (entry?.cooldownUntil === undefined) return "healthy";
    if (now < entry.cooldownUntil) return "cooling";
    const probeTimeout = this.settings.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    if (entry.probeStartedAt !== undefined && now < entry.probeStartedAt + probeTimeout) return "probing";
    return "probe-ready";
  }

  /** Cooling down, or its one probe request is still out. */
  isCoolingDown(deploymentId: string, now: number): boolean {
    const state = this.state(deploymentId, now);
    return state === "cooling" || state === "probing";
  }

  /** Until the deployment can be tried again, ms (0 when it can be now). */
  remainingMs(deploymentId: string, now: number): number {
    const entry = this.entries.get(deploymentId);
    const state = this.state(deploymentId, now);
    if (entry === undefined || (state !== "cooling" && state !== "probing")) return 0;
    if (state === "cooling") return (entry.cooldownUntil ?? now) - now;
    return (entry.probeStartedAt ?? now) + (this.settings.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS) - now;
  }

  /** A request is about to go to the deployment: after a cooldown, that request is the probe. */
  beginAttempt(deploymentId: string, now: number): void {
    const entry = this.entries.get(deploymentId);
    if (entry !== undefined && this.state(deploymentId, now) === "probe-ready") entry.probeStartedAt = now;
  }

  /**
   * A success after the cooldown (the probe) closes the circuit. A success
   * while still cooling came from a request sent before the cooldown began and
   * proves nothing about now, so it changes nothing but the minute's count.
   */
  recordSuccess(deploymentId: string, now: number): void {
    const entry = this.countedEntry(deploymentId, now);
    entry.minuteSuccesses += 1;
    const state = this.state(deploymentId, now);
    if (state === "probing" || state === "probe-ready") this.close(entry);
  }

  recordFailure(
    deploymentId: string,
    failureClass: FailureClass,
    now: number,
    groupSize: number,
    overrides: CooldownOverrides = {},
  ): CooldownOutcome {
    const entry = this.countedEntry(deploymentId, now);
    const traits = failureClassTraits(failureClass);
    const cooldownTimeMs = overrides.cooldownTimeMs ?? this.settings.cooldownTimeMs;
    const onlyDeployment = groupSize <= 1;
    const ignored =
      !traits.countsTowardCooldown ||
      this.settings.disabled ||
      cooldownTimeMs <= 0 ||
      (failureClass === "rate_limit" && onlyDeployment);
    if (ignored) {
      // The deployment answered (a bad request is the caller's fault): a probe has passed.
      if (this.state(deploymentId, now) === "probing") this.close(entry);
      return "ignored";
    }
    entry.lastFailureClass = failureClass;
    entry.minuteFailures += 1;
    if (this.state(deploymentId, now) === "probing" || traits.coolsDownImmediately) {
      return this.coolDown(entry, now, cooldownTimeMs);
    }
    const windowMs = this.settings.failureWindowMs ?? DEFAULT_FAILURE_WINDOW_MS;
    entry.failures = [...entry.failures.filter((at) => at > now - windowMs), now];
    if (entry.failures.length > (overrides.allowedFails ?? this.settings.allowedFails)) {
      return this.coolDown(entry, now, cooldownTimeMs);
    }
    const requests = entry.minuteSuccesses + entry.minuteFailures;
    if (
      !onlyDeployment &&
      requests >= FAILURE_RATE_MINIMUM_REQUESTS &&
      entry.minuteFailures / requests > FAILURE_RATE_THRESHOLD
    ) {
      return this.coolDown(entry, now, cooldownTimeMs);
    }
    return "counted";
  }

  /** Every deployment with recorded state, for the admin health view. */
  snapshot(now: number): CooldownSnapshotEntry[] {
    const windowMs = this.settings.failureWindowMs ?? DEFAULT_FAILURE_WINDOW_MS;
    return [...this.entries.entries()]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([deploymentId, entry]) => ({
        deploymentId,
        state: this.state(deploymentId, now),
        cooldownUntil: entry.cooldownUntil,
        recentFailures: entry.failures.filter((at) => at > now - windowMs).length,
        lastFailureClass: entry.lastFailureClass,
      }));
  }

  /** Plain JSON another isolate can importState (per-minute success counts stay local). */
  exportState(): CooldownStateJson {
    const deployments: CooldownStateJson["deployments"] = {};
    for (const [deploymentId, entry] of this.entries) {
      deployments[deploymentId] = {
        failures: entry.failures.slice(-MAX_EXPORTED_FAILURES),
        ...(entry.lastFailureClass === undefined ? {} : { lastFailureClass: entry.lastFailureClass }),
        ...(entry.cooldownUntil === undefined ? {} : { cooldownUntil: entry.cooldownUntil }),
        ...(entry.probeStartedAt === undefined ? {} : { probeStartedAt: entry.probeStartedAt }),
      };
    }
    return { version: 1, deployments };
  }

  /**
   * Merges another isolate's exportState: the later cooldown wins (with its
   * probe), failure times are joined. Returns false, changing nothing, for
   * anything that is not a valid export.
   */
  importState(state: unknown): boolean {
    const parsed = cooldownStateSchema.safeParse(state);
    if (!parsed.success) return false;
    for (const [deploymentId, incoming] of Object.entries(parsed.data.deployments)) {
      const entry = this.entryFor(deploymentId);
      entry.failures = [...new Set([...entry.failures, ...incoming.failures])].sort((left, right) => left - right);
      entry.failures = entry.failures.slice(-MAX_EXPORTED_FAILURES);
      entry.lastFailureClass ??= incoming.lastFailureClass;
      if (incoming.cooldownUntil !== undefined && incoming.cooldownUntil > (entry.cooldownUntil ?? -Infinity)) {
        entry.cooldownUntil = incoming.cooldownUntil;
        entry.probeStartedAt = incoming.probeStartedAt;
      }
    }
    return true;
  }

  private coolDown(entry: Entry, now: number, cooldownTimeMs: number): CooldownOutcome {
    entry.cooldownUntil = now + cooldownTimeMs;
    entry.probeStartedAt = undefined;
    entry.failures = [];
    return "cooled";
  }

  private close(entry: Entry): void {
    entry.cooldownUntil = undefined;
    entry.probeStartedAt = undefined;
    entry.failures = [];
  }

  private entryFor(deploymentId: string): Entry {
    let entry = this.entries.get(deploymentId);
    if (entry === undefined) {
      entry = { failures: [], minute: Number.NEGATIVE_INFINITY, minuteSuccesses: 0, minuteFailures: 0 };
      this.entries.set(deploymentId, entry);
    }
    return entry;
  }

  /** The entry with its per-minute counts rolled over to `now`'s minute. */
  private countedEntry(deploymentId: string, now: number): Entry {
    const entry = this.entryFor(deploymentId);
    if (entry.minute !== minuteOf(now)) {
      entry.minute = minuteOf(now);
      entry.minuteSuccesses = 0;
      entry.minuteFailures = 0;
    }
    return entry;
  }
}
