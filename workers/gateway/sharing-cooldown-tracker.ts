import {
  type CooldownOutcome,
  type CooldownOverrides,
  type CooldownSettings,
  type CooldownState,
  CooldownTracker,
} from "../core/routing/cooldown-tracker.ts";
import type { FailureClass } from "../core/routing/failure-class.ts";
import type { SharedRoutingHealth } from "./shared-routing-health.ts";

/**
 * The isolate's CooldownTracker, telling RoutingHealth what it decides: a
 * deployment entering a cooldown, a probe closing one, and each failure's
 * class (the last error). Decisions stay local and synchronous; the reports
 * go out under waitUntil. Cooldowns merged in from other isolates
 * (`importState`) are not reported back.
 */
export class SharingCooldownTracker extends CooldownTracker {
  private readonly shared: SharedRoutingHealth;

  constructor(settings: CooldownSettings, shared: SharedRoutingHealth) {
    super(settings);
    this.shared = shared;
  }

  override recordSuccess(deploymentId: string, now: number): void {
    const before = this.state(deploymentId, now);
    super.recordSuccess(deploymentId, now);
    this.reportRecovery(deploymentId, before, now);
  }

  override recordFailure(
    deploymentId: string,
    failureClass: FailureClass,
    now: number,
    groupSize: number,
    overrides: CooldownOverrides = {},
  ): CooldownOutcome {
    const before = this.state(deploymentId, now);
    const outcome = super.recordFailure(deploymentId, failureClass, now, groupSize, overrides);
    // The upstream status is not part of this call (the planner passes the class only).
    this.shared.recordError(deploymentId, failureClass, null, now);
    if (outcome === "cooled") {
      this.shared.recordTransition({
        kind: "cooled",
        deploymentId,
        at: now,
        until: now + this.remainingMs(deploymentId, now),
        failureClass,
      });
    } else {
      // A request-level failure (a 400) during a probe still proves the deployment answers.
      this.reportRecovery(deploymentId, before, now);
    }
    return outcome;
  }

  private reportRecovery(deploymentId: string, before: CooldownState, now: number): void {
    if (before !== "healthy" && this.state(deploymentId, now) === "healthy") {
      this.shared.recordTransition({ kind: "recovered", deploymentId, at: now });
    }
  }
}
