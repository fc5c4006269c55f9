import type { Deployment, GatewayConfig } from "../config/gateway-config.ts";
import { type ResolvedModelGroup, tryResolveModelGroup } from "./resolve-model-group.ts";

export interface FallbackTarget {
  resolved: ResolvedModelGroup;
  /** Set when the target names a deployment id: that deployment alone, cooldown or not. */
  pinned: Deployment | undefined;
}

/**
 * What a fallback entry names: a model group (aliases and wildcards included,
 * so `azure/gpt-4o` reaches an `azure/*` deployment), else a deployment's
 * `model_info.id`, which LiteLLM tries skipping its cooldown
 * (https://docs.litellm.ai/docs/proxy/reliability, "Fallback to Specific Model ID").
 * Undefined for a name that is neither: that entry is passed over.
 */
export function resolveFallbackTarget(config: GatewayConfig, name: string): FallbackTarget | undefined {
  const resolved = tryResolveModelGroup(config, name);
  if (resolved !== undefined) return { resolved, pinned: undefined };
  for (const deployments of config.deploymentsByGroup.values()) {
    const pinned = deployments.find((deployment) => deployment.id === name);
    if (pinned !== undefined) {
      return {
        resolved: { requested: name, group: pinned.modelGroup, match: "exact", deployments: [pinned] },
        pinned,
      };
    }
  }
  return undefined;
}
