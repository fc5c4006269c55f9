import type { Deployment } from "../config/gateway-config.ts";
import { filterByTags, orderTiers } from "./filter-candidates.ts";
import type { ResolvedModelGroup } from "./resolve-model-group.ts";
import type { RoutingSettings } from "./routing-settings.ts";

/** The AttemptPlanner's state for the model group it is working through. */
export interface PlannerGroup {
  /** Names fallbacks are looked up by: the requested name, then the resolved group. */
  names: string[];
  group: string;
  tiers: Deployment[][];
  tier: number;
  /** Retries used in the current `order` tier: each tier gets its own (LiteLLM "Deployment Ordering"). */
  retriesUsed: number;
  /** Fallback depth: 0 for the requested group. */
  depth: number;
  /** Deployments in the whole group, for the cooldown rule on a group's only deployment. */
  groupSize: number;
  /** A pinned deployment (per-request override, or a fallback naming a deployment id) skips cooldowns and fallbacks. */
  pinned: Deployment | undefined;
}

/** A group ready to route: tag-filtered (unless pinned; throws a 400 when no deployment matches) and split into tiers. */
export function openPlannerGroup(
  resolved: ResolvedModelGroup,
  depth: number,
  pinned: Deployment | undefined,
  tags: readonly string[],
  routing: Pick<RoutingSettings, "enableTagFiltering" | "tagFilteringMatchAny">,
): PlannerGroup {
  const deployments =
    pinned !== undefined
      ? [pinned]
      : filterByTags(
          resolved.deployments,
          tags,
          { enabled: routing.enableTagFiltering, matchAny: routing.tagFilteringMatchAny },
          resolved.group,
        );
  return {
    names: [...new Set([resolved.requested, resolved.group])],
    group: resolved.group,
    tiers: orderTiers(deployments),
    tier: 0,
    retriesUsed: 0,
    depth,
    groupSize: resolved.deployments.length,
    pinned,
  };
}
