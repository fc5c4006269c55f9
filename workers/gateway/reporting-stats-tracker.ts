import { DeploymentStatsTracker, type RequestOutcome } from "../core/routing/deployment-stats-tracker.ts";
import type { SharedRoutingHealth } from "./shared-routing-health.ts";

/**
 * The isolate's DeploymentStatsTracker, also counting each finished attempt
 * (success or failure, and a success's latency) for RoutingHealth's
 * per-deployment view. The strategies still read only the local stats.
 */
export class ReportingStatsTracker extends DeploymentStatsTracker {
  private readonly shared: SharedRoutingHealth;

  constructor(shared: SharedRoutingHealth) {
    super();
    this.shared = shared;
  }

  override onEnd(deploymentId: string, outcome: RequestOutcome, now: number): void {
    super.onEnd(deploymentId, outcome, now);
    this.shared.recordOutcome(deploymentId, outcome.ok && outcome.timedOut !== true, outcome.latencyMs, now);
  }
}
