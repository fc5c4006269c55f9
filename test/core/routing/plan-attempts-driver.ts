import type { GatewayConfig } from "../../../workers/core/config/gateway-config.ts";
import {
  classifyUpstreamFailure,
  type UpstreamFailureInput,
} from "../../../workers/core/routing/classify-upstream-failure.ts";
import { CooldownTracker } from "../../../workers/core/routing/cooldown-tracker.ts";
import type { DeploymentStats } from "../../../workers/core/routing/deployment-stats.ts";
import { AttemptPlanner, type PlanRequest } from "../../../workers/core/routing/plan-attempts.ts";
import { fixedStats, T0 } from "./routing-test-helpers.ts";

export type Outcome = "ok" | UpstreamFailureInput;

export function cooldownsFor(config: GatewayConfig): CooldownTracker {
  return new CooldownTracker({
    allowedFails: config.routing.allowedFails,
    cooldownTimeMs: config.routing.cooldownTimeMs,
    disabled: config.routing.disableCooldowns,
  });
}

export interface DriveOptions {
  cooldowns?: CooldownTracker;
  stats?: DeploymentStats;
  random?: () => number;
  now?: () => number;
}

/**
 * Runs a planner against scripted upstream outcomes and returns each attempt
 * as `<reason> <group>/<deployment> +<delay>ms` and how it ended. The outcomes
 * must be used up exactly, so a test states every attempt the planner makes.
 */
export function drive(config: GatewayConfig, request: PlanRequest, outcomes: Outcome[], options: DriveOptions = {}) {
  const planner = new AttemptPlanner(
    config,
    options.stats ?? fixedStats({}),
    options.cooldowns ?? cooldownsFor(config),
    request,
    { now: options.now ?? (() => T0), random: options.random ?? (() => 0.5) },
  );
  const steps: string[] = [];
  let step = planner.next();
  for (const [index, outcome] of outcomes.entries()) {
    if (step.kind === "give-up") throw new Error(`gave up with ${outcomes.length - index} outcomes left`);
    steps.push(`${step.reason} ${step.group}/${step.deployment.id} +${step.delayMs}ms`);
    if (outcome === "ok") {
      planner.recordSuccess();
      if (index !== outcomes.length - 1) throw new Error("outcomes after a success");
      return { steps, end: `ok after ${planner.attempts}` };
    }
    step = planner.next(classifyUpstreamFailure(outcome));
  }
  if (step.kind === "try") throw new Error(`outcomes ran out; next: ${step.reason} ${step.deployment.id}`);
  const { error } = step;
  return {
    steps,
    end: `give-up after ${step.attempts}: ${error.status} ${error.code}${error.param ? ` (${error.param})` : ""}: ${error.message}`,
  };
}
