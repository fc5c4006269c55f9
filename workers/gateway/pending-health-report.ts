import type {
  CooldownTransition,
  HealthReport,
  LastError,
  OutcomeCount,
} from "../../durable-objects/routing-health-rpc.ts";
import type { FailureClass } from "../core/routing/failure-class.ts";

/** Bounds what an isolate holds while the RoutingHealth object is unreachable; the oldest counts go first. */
const MAX_OUTCOME_ROWS = 2000;
const MAX_TRANSITIONS = 500;

function minuteOf(now: number): number {
  return Math.floor(now / 60_000);
}

/**
 * What an isolate has seen since its last push to RoutingHealth, kept
 * compact: one row per deployment per minute, the newest error per
 * deployment, and cooldown transitions in order. `take()` hands it over and
 * starts afresh; `absorb()` puts back a report whose push failed.
 */
export class PendingHealthReport {
  private outcomes = new Map<string, OutcomeCount>();
  private lastErrors = new Map<string, LastError>();
  private transitions: CooldownTransition[] = [];

  get isEmpty(): boolean {
    return this.outcomes.size === 0 && this.lastErrors.size === 0 && this.transitions.length === 0;
  }

  addOutcome(deploymentId: string, ok: boolean, latencyMs: number, now: number): void {
    const minute = minuteOf(now);
    this.mergeOutcome({
      deploymentId,
      minute,
      successes: ok ? 1 : 0,
      failures: ok ? 0 : 1,
      successLatencyMsSum: ok ? Math.max(0, latencyMs) : 0,
    });
  }

  addError(deploymentId: string, kind: FailureClass, status: number | null, at: number): void {
    const known = this.lastErrors.get(deploymentId);
    if (known === undefined || known.at <= at) this.lastErrors.set(deploymentId, { deploymentId, kind, status, at });
  }

  addTransition(transition: CooldownTransition): void {
    this.transitions.push(transition);
    if (this.transitions.length > MAX_TRANSITIONS)
      this.transitions.splice(0, this.transitions.length - MAX_TRANSITIONS);
  }

  /** Everything pending as one report, or undefined when there is nothing to send. */
  take(now: number): HealthReport | undefined {
    if (this.isEmpty) return undefined;
    const report: HealthReport = {
      now,
      transitions: this.transitions,
      outcomes: [...this.outcomes.values()],
      lastErrors: [...this.lastErrors.values()],
    };
    this.outcomes = new Map();
    this.lastErrors = new Map();
    this.transitions = [];
    return report;
  }

  /** A report that could not be delivered goes back in front of anything newer. */
  absorb(report: HealthReport): void {
    this.transitions = [...report.transitions, ...this.transitions].slice(-MAX_TRANSITIONS);
    for (const outcome of report.outcomes) this.mergeOutcome(outcome);
    for (const error of report.lastErrors) this.addError(error.deploymentId, error.kind, error.status, error.at);
  }

  private mergeOutcome(outcome: OutcomeCount): void {
    const key = `${outcome.deploymentId}\u0000${outcome.minute}`;
    const known = this.outcomes.get(key);
    if (known !== undefined) {
      known.successes += outcome.successes;
      known.failures += outcome.failures;
      known.successLatencyMsSum += outcome.successLatencyMsSum;
      return;
    }
    if (this.outcomes.size >= MAX_OUTCOME_ROWS) this.dropOldestMinute();
    this.outcomes.set(key, { ...outcome });
  }

  private dropOldestMinute(): void {
    const oldest = Math.min(...[...this.outcomes.values()].map((outcome) => outcome.minute));
    for (const [key, outcome] of this.outcomes) if (outcome.minute === oldest) this.outcomes.delete(key);
  }
}
