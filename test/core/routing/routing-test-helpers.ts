import type { Deployment, GatewayConfig } from "../../../workers/core/config/gateway-config.ts";
import { parseConfigText } from "../../../workers/core/config/parse-config-text.ts";
import { resolveGatewayConfig } from "../../../workers/core/config/resolve-gateway-config.ts";
import type { DeploymentStats, DeploymentUsage } from "../../../workers/core/routing/deployment-stats.ts";
import type { StrategyContext } from "../../../workers/core/routing/routing-strategy.ts";
import { testDeployment } from "../providers/transports/transport-test-helpers.ts";

/** 2026-11-22T10:00:00Z, on a minute boundary. */
export const T0 = Date.parse("2026-11-22T10:00:00Z");

export function configFrom(yaml: string, env: Record<string, string> = {}): GatewayConfig {
  const parsed = parseConfigText(yaml, "yaml");
  if (!parsed.ok) throw new Error(`fixture invalid: ${JSON.stringify(parsed.errors)}`);
  return resolveGatewayConfig(parsed.config, 1, env);
}

export function deployment(id: string, overrides: Partial<Deployment> = {}): Deployment {
  return testDeployment({ id, modelGroup: "m", ...overrides });
}

/** A `random` that returns the given values in turn, then repeats the last. */
export function randomSequence(...values: number[]): () => number {
  let index = 0;
  return () => {
    const value = values[Math.min(index, values.length - 1)] ?? 0;
    index += 1;
    return value;
  };
}

/** Stats with fixed usage per deployment id; unset fields are zero/unknown. */
export function fixedStats(usage: Record<string, Partial<DeploymentUsage>>): DeploymentStats {
  return {
    usage: (deploymentId) => ({
      inFlight: 0,
      latencyMs: undefined,
      timeToFirstTokenMs: undefined,
      requestsThisMinute: 0,
      tokensThisMinute: 0,
      ...usage[deploymentId],
    }),
  };
}

export function strategyContext(overrides: Partial<StrategyContext> = {}): StrategyContext {
  return {
    stats: fixedStats({}),
    now: T0,
    random: () => 0,
    stream: false,
    latencyWindowMs: 3_600_000,
    lowestLatencyBuffer: 0,
    inputTokens: 0,
    ...overrides,
  };
}

export function ids(deployments: readonly Deployment[]): string[] {
  return deployments.map((entry) => entry.id);
}
