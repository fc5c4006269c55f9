import { env, waitUntil } from "cloudflare:workers";
import { ROUTING_HEALTH_NAME, type SharedCooldown } from "../../durable-objects/routing-health-rpc.ts";
import type { GatewayConfig } from "../core/config/gateway-config.ts";
import type { CooldownSettings, CooldownStateJson, CooldownTracker } from "../core/routing/cooldown-tracker.ts";
import { ReportingStatsTracker } from "./reporting-stats-tracker.ts";
import { type RoutingHealthChannel, SharedRoutingHealth } from "./shared-routing-health.ts";
import { SharingCooldownTracker } from "./sharing-cooldown-tracker.ts";

/** The gateway's default CONFIG_REFRESH_MS (config-cache.ts): the shared cooldowns are pulled as often. */
const DEFAULT_PULL_INTERVAL_MS = 2000;

function cooldownSettingsOf(config: GatewayConfig): CooldownSettings {
  const routing = config.routing;
  return {
    allowedFails: routing.allowedFails,
    cooldownTimeMs: routing.cooldownTimeMs,
    disabled: routing.disableCooldowns,
  };
}

export interface RoutingStateOptions {
  shared: SharedRoutingHealth;
  now: () => number;
}

/**
 * Per-isolate routing memory: deployment stats (in-flight, latency, usage per
 * minute) for the strategies, and cooldowns. Routing decisions read only this
 * memory, so the hot path never waits on a round trip; what the isolate
 * learns is shared through the RoutingHealth Durable Object off the hot path
 * (pushed as it happens, pulled with the config refresh), so a deployment one
 * isolate cooled down is skipped by the others after their next pull
 * (docs/decisions/0003-routing-memory-and-budget-windows.md).
 */
export class RoutingState {
  readonly shared: SharedRoutingHealth;
  readonly stats: ReportingStatsTracker;
  private readonly now: () => number;
  private cooldownTracker: SharingCooldownTracker | undefined;
  private configVersion: number | undefined;

  constructor(options: RoutingStateOptions) {
    this.shared = options.shared;
    this.now = options.now;
    this.stats = new ReportingStatsTracker(options.shared);
  }

  /** The isolate's cooldowns under the config's settings; starts a background pull of the shared ones when due. */
  cooldowns(config: GatewayConfig): CooldownTracker {
    if (this.cooldownTracker === undefined) {
      this.cooldownTracker = new SharingCooldownTracker(cooldownSettingsOf(config), this.shared);
    } else if (this.configVersion !== config.version) {
      this.cooldownTracker.configure(cooldownSettingsOf(config));
    }
    this.configVersion = config.version;
    this.shared.pullWhenDue((cooldowns) => this.merge(cooldowns), this.now());
    return this.cooldownTracker;
  }

  /** Pulls the shared cooldowns now rather than in the background. */
  async pullShared(): Promise<void> {
    await this.shared.pull((cooldowns) => this.merge(cooldowns));
  }

  /** Tests start from a clean slate: local cooldowns and what the shared object learned before now. */
  reset(): void {
    this.cooldownTracker = undefined;
    this.configVersion = undefined;
    this.shared.forget(this.now());
  }

  /** Other isolates' cooldowns join the local ones: the later `until` wins (CooldownTracker.importState). */
  private merge(cooldowns: SharedCooldown[]): void {
    const tracker = this.cooldownTracker;
    if (tracker === undefined || cooldowns.length === 0) return;
    const deployments: CooldownStateJson["deployments"] = {};
    for (const cooldown of cooldowns) {
      deployments[cooldown.deploymentId] = {
        failures: [],
        cooldownUntil: cooldown.until,
        lastFailureClass: cooldown.failureClass,
      };
    }
    tracker.importState({ version: 1, deployments });
  }
}

/** The RoutingHealth object of this worker; sharing is off where the binding is missing. */
function routingHealthChannel(): RoutingHealthChannel | undefined {
  const binding = (env as Partial<Env>).ROUTING_HEALTH;
  if (binding === undefined) return undefined;
  const stub = binding.getByName(ROUTING_HEALTH_NAME);
  return {
    report: async (report) => stub.report(report),
    sharedCooldowns: async (input) => stub.sharedCooldowns(input),
  };
}

export const routingState = new RoutingState({
  shared: new SharedRoutingHealth({
    channel: routingHealthChannel,
    defer: waitUntil,
    pullIntervalMs: () => Number(env.CONFIG_REFRESH_MS ?? DEFAULT_PULL_INTERVAL_MS),
    now: Date.now,
  }),
  now: Date.now,
});
