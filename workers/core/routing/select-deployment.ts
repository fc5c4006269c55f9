import type { Deployment, GatewayConfig } from "../config/gateway-config.ts";
import { GatewayError } from "../errors/gateway-error.ts";
import { resolveModelGroup } from "./resolve-model-group.ts";

/**
 * Deployments that can serve `model` (exact name, `model_group_alias` or a
 * wildcard `model_name`, see resolve-model-group.ts), or a 404 in the caller's format.
 */
export function deploymentsForModel(config: GatewayConfig, model: string): Deployment[] {
  return resolveModelGroup(config, model).deployments;
}

/**
 * LiteLLM's `simple-shuffle`: among the lowest `order` tier, pick at random
 * weighted by `weight`. `random` is injectable so tests are deterministic.
 * The AttemptPlanner (plan-attempts.ts) adds retries, cooldowns, tags and the
 * other strategies on top; this stays for one-shot callers.
 */
export function pickDeployment(deployments: readonly Deployment[], random: () => number = Math.random): Deployment {
  let lowestOrder = Number.POSITIVE_INFINITY;
  for (const deployment of deployments) lowestOrder = Math.min(lowestOrder, deployment.order);
  const tier = deployments.filter((deployment) => deployment.order === lowestOrder);
  const totalWeight = tier.reduce((sum, deployment) => sum + deployment.weight, 0);
  const first = tier[0];
  if (first === undefined) throw new GatewayError("internal", "No deployment to pick from.");
  if (totalWeight <= 0) return first;
  let remaining = random() * totalWeight;
  for (const deployment of tier) {
    remaining -= deployment.weight;
    if (remaining < 0) return deployment;
  }
  return tier[tier.length - 1] ?? first;
}
