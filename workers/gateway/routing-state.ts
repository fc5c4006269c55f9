import type { GatewayConfig } from "../core/config/gateway-config.ts";
import { type CooldownSettings, CooldownTracker } from "../core/routing/cooldown-tracker.ts";
import { DeploymentStatsTracker } from "../core/routing/deployment-stats-tracker.ts";

function cooldownSettingsOf(config: GatewayConfig): CooldownSettings {
  const routing = config.routing;
  return {
    allowedFails: routing.allowedFails,
    cooldownTimeMs: routing.cooldownTimeMs,
    disabled: routing.disableCooldowns,
  };
}

/**
 * Per-isolate routing memory: deployment stats (in-flight, latency, usage per
 * minute) for the strategies, and cooldowns. Isolate-local by choice: it costs
 * nothing on the hot path, and each isolate learns a dead deployment within
 * `allowed_fails` requests; sharing through a Durable Object (the tracker can
 * export/import its state) is the next step for many-isolate deployments.
 */
class RoutingState {
  readonly stats = new DeploymentStatsTracker();
  private cooldownTracker: CooldownTracker | undefined;
  private configVersion: number | undefined;

  cooldowns(config: GatewayConfig): CooldownTracker {
    if (this.cooldownTracker === undefined) this.cooldownTracker = new CooldownTracker(cooldownSettingsOf(config));
    else if (this.configVersion !== config.version) this.cooldownTracker.configure(cooldownSettingsOf(config));
    this.configVersion = config.version;
    return this.cooldownTracker;
  }

  /** Tests start from a clean slate. */
  reset(): void {
    this.cooldownTracker = undefined;
    this.configVersion = undefined;
  }
}

export const routingState = new RoutingState();
