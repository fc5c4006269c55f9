import type { Deployment } from "../config/gateway-config.ts";
import { GatewayError } from "../errors/gateway-error.ts";

export interface TagFilterSettings {
  /** `router_settings.enable_tag_filtering`; off, tags are ignored. */
  enabled: boolean;
  /** `router_settings.tag_filtering_match_any` (default true): one shared tag is enough. */
  matchAny: boolean;
}

const DEFAULT_TAG = "default";

function tagsOf(deployment: Deployment): ReadonlySet<string> {
  return new Set(deployment.tags);
}

/** Deployments tagged `default` serve untagged requests; with none, every deployment does. */
function defaultPool(deployments: readonly Deployment[]): Deployment[] {
  const defaults = deployments.filter((deployment) => tagsOf(deployment).has(DEFAULT_TAG));
  return defaults.length > 0 ? defaults : [...deployments];
}

function noMatch(group: string, tags: readonly string[]): GatewayError {
  return new GatewayError(
    "invalid_request",
    `No deployment of model \`${group}\` matches the request tags ${JSON.stringify(tags)}.`,
    { param: "tags" },
  );
}

/**
 * LiteLLM's tag routing (https://docs.litellm.ai/docs/proxy/tag_routing,
 * router_strategy/tag_based_routing.py). Request tags come in three kinds:
 * `!tag` removes deployments carrying it, `&tag` requires it, and plain tags
 * select deployments sharing any one of them (all of them with
 * `tag_filtering_match_any: false`). An untagged request goes to the
 * `default`-tagged deployments, else to all. Plain tags nobody in the group
 * carries fall back to the `default` pool; known tags that match nothing left,
 * or `!`/`&` tags that leave nothing, are a 400 naming `tags`.
 * Applied to the whole group before cooldowns, so a cooling `default`
 * deployment does not spill untagged traffic onto tagged ones.
 */
export function filterByTags(
  deployments: readonly Deployment[],
  requestTags: readonly string[],
  settings: TagFilterSettings,
  group: string,
): Deployment[] {
  if (!settings.enabled) return [...deployments];
  const excluded = requestTags.filter((tag) => tag.startsWith("!") && tag.length > 1).map((tag) => tag.slice(1));
  const required = requestTags.filter((tag) => tag.startsWith("&") && tag.length > 1).map((tag) => tag.slice(1));
  const positive = requestTags.filter((tag) => !tag.startsWith("!") && !tag.startsWith("&"));
  const allowed = deployments.filter((deployment) => !excluded.some((tag) => tagsOf(deployment).has(tag)));
  const candidates = allowed.filter((deployment) => required.every((tag) => tagsOf(deployment).has(tag)));

  if (positive.length === 0) {
    if (excluded.length === 0 && required.length === 0) return defaultPool(deployments);
    const pool =
      required.length > 0 ? candidates : defaultPool(deployments).filter((deployment) => allowed.includes(deployment));
    if (pool.length === 0) throw noMatch(group, requestTags);
    return pool;
  }

  const matches = candidates.filter((deployment) => {
    const tags = tagsOf(deployment);
    return settings.matchAny ? positive.some((tag) => tags.has(tag)) : positive.every((tag) => tags.has(tag));
  });
  if (matches.length > 0) return matches;
  const defaults = candidates.filter((deployment) => tagsOf(deployment).has(DEFAULT_TAG));
  const knownToGroup = deployments.some((deployment) => positive.some((tag) => tagsOf(deployment).has(tag)));
  if (defaults.length === 0 || knownToGroup) throw noMatch(group, requestTags);
  return defaults;
}

/**
 * `order` tiers, lowest first: LiteLLM sends a request to the lowest `order`
 * and moves to the next only when that tier fails
 * (https://docs.litellm.ai/docs/routing, "Deployment Ordering (Priority)").
 */
export function orderTiers(deployments: readonly Deployment[]): Deployment[][] {
  const orders = [...new Set(deployments.map((deployment) => deployment.order))].sort((left, right) => left - right);
  return orders.map((order) => deployments.filter((deployment) => deployment.order === order));
}

/**
 * The first tier at or after `fromTier` with a usable deployment, and those
 * deployments: a tier is passed over only when every deployment in it is
 * cooling down or has already failed this request.
 */
export function firstUsableTier(
  tiers: readonly (readonly Deployment[])[],
  usable: (deployment: Deployment) => boolean,
  fromTier = 0,
): { tier: number; deployments: Deployment[] } | undefined {
  for (let tier = fromTier; tier < tiers.length; tier++) {
    const deployments = (tiers[tier] ?? []).filter(usable);
    if (deployments.length > 0) return { tier, deployments };
  }
  return undefined;
}
