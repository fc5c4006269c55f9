import type { Deployment } from "../config/gateway-config.ts";
import { GatewayError } from "../errors/gateway-error.ts";
import { isRoutingStrategyName, ROUTING_STRATEGY_NAMES, type RoutingStrategyName } from "./routing-strategy-name.ts";

/** A caller's routing choice for one request (from a header or body field the gateway defines). */
export interface RoutingOverride {
  /** Pin a deployment by `model_info.id`; a wildcard deployment's base id pins its concrete one. */
  deploymentId?: string;
  /** Use this strategy instead of the config's. */
  strategy?: string;
}

export interface ResolvedRoutingOverride {
  deployment: Deployment | undefined;
  strategy: RoutingStrategyName | undefined;
}

/** Concrete wildcard deployments are `<base id>@<model>` (resolve-model-group.ts). */
function hasId(deployment: Deployment, id: string): boolean {
  return deployment.id === id || deployment.id.startsWith(`${id}@`);
}

/**
 * Checks a per-request override against the resolved group. Unlike the
 * config's strategy (unknown → simple-shuffle and a warning), a caller's
 * unknown value is a 400 naming the field: the caller asked for something
 * specific and should hear it does not exist. A pinned deployment must belong
 * to the requested model, so a key's model allow-list cannot be side-stepped.
 */
export function resolveRoutingOverride(
  override: RoutingOverride | undefined,
  group: string,
  deployments: readonly Deployment[],
  allDeploymentIds: ReadonlySet<string>,
): ResolvedRoutingOverride {
  let strategy: RoutingStrategyName | undefined;
  if (override?.strategy !== undefined) {
    if (!isRoutingStrategyName(override.strategy)) {
      throw new GatewayError(
        "invalid_request",
        `Unknown routing strategy '${override.strategy}'; use one of ${ROUTING_STRATEGY_NAMES.join(", ")}.`,
        { param: "routing_strategy" },
      );
    }
    strategy = override.strategy;
  }
  let deployment: Deployment | undefined;
  if (override?.deploymentId !== undefined) {
    const wanted = override.deploymentId;
    deployment = deployments.find((candidate) => hasId(candidate, wanted));
    if (deployment === undefined) {
      const elsewhere = allDeploymentIds.has(wanted);
      throw new GatewayError(
        "invalid_request",
        elsewhere ? `Deployment '${wanted}' does not serve model \`${group}\`.` : `Unknown deployment '${wanted}'.`,
        { param: "deployment_id" },
      );
    }
  }
  return { deployment, strategy };
}
