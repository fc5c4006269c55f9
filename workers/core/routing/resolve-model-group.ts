import type { Deployment, GatewayConfig } from "../config/gateway-config.ts";
import { GatewayError } from "../errors/gateway-error.ts";
import type { PriceTableLookup } from "../pricing/price-table-lookup.ts";
import { splitProviderModel } from "../providers/split-provider-model.ts";
import { compareWildcardSpecificity, fillWildcardModel, matchWildcardModel } from "./match-wildcard-model.ts";

export interface ResolvedModelGroup {
  /** The model name as the client sent it. */
  requested: string;
  /**
   * The group routing state is keyed on: the `model_name` for an exact match,
   * the alias target for an alias, and the requested name for a wildcard
   * (LiteLLM's `model_group` is the requested name there too).
   */
  group: string;
  match: "exact" | "alias" | "wildcard";
  /** The `model_name` pattern that matched, for wildcards. */
  pattern?: string;
  /** Concrete deployments: a wildcard deployment's upstream model is the requested one. */
  deployments: Deployment[];
}

/**
 * One deployment of a wildcard group, made concrete for `requested`. Its id
 * gains `@<upstream model>` so cooldowns and stats are per model: a 404 for a
 * mistyped `anthropic/claude-typo` must not cool down every `anthropic/*` model.
 */
function concreteDeployment(
  deployment: Deployment,
  segments: string[],
  requested: string,
  group: string,
  prices: PriceTableLookup,
): Deployment {
  if (!deployment.litellmModel.includes("*")) return { ...deployment, modelGroup: group };
  const { provider, model } = splitProviderModel(fillWildcardModel(deployment.litellmModel, segments, requested));
  // The config's own prices apply to every model behind the wildcard; otherwise
  // the concrete model's row of the price tables (also its Responses-only `mode`).
  const listed = prices.find(provider, model)?.price;
  const pricing =
    deployment.pricing?.source === "config"
      ? deployment.pricing
      : listed === undefined
        ? undefined
        : { ...listed, source: "price-table" as const };
  const requiredFormat = deployment.requiredFormat ?? (listed?.mode === "responses" ? "openai-responses" : undefined);
  return {
    ...deployment,
    id: `${deployment.id}@${model}`,
    modelGroup: group,
    provider,
    upstreamModel: model,
    pricing,
    requiredFormat,
  };
}

function resolveByWildcard(config: GatewayConfig, model: string, group: string, prices: PriceTableLookup) {
  const patterns = [...config.deploymentsByGroup.keys()].filter((name) => name.includes("*"));
  patterns.sort(compareWildcardSpecificity);
  for (const pattern of patterns) {
    const segments = matchWildcardModel(pattern, model);
    const deployments = config.deploymentsByGroup.get(pattern);
    if (segments === undefined || deployments === undefined || deployments.length === 0) continue;
    return {
      pattern,
      deployments: deployments.map((deployment) => concreteDeployment(deployment, segments, model, group, prices)),
    };
  }
  return undefined;
}

function resolveTarget(
  config: GatewayConfig,
  model: string,
  requested: string,
  match: "exact" | "alias",
  prices: PriceTableLookup,
): ResolvedModelGroup | undefined {
  const exact = config.deploymentsByGroup.get(model);
  if (exact !== undefined && exact.length > 0) return { requested, group: model, match, deployments: [...exact] };
  const wildcard = resolveByWildcard(config, model, model, prices);
  if (wildcard === undefined) return undefined;
  return { requested, group: model, match: match === "alias" ? "alias" : "wildcard", ...wildcard };
}

/**
 * The deployments that serve `model`, as LiteLLM's router finds them
 * (router.py `_common_checks_available_deployment`): `model_group_alias` first
 * (one hop), then an exact `model_name`, then the most specific wildcard
 * `model_name` (`anthropic/*`, `openai/gpt-4*`, `*`). A wildcard's concrete
 * model is priced from `prices`: by default the tables the config was resolved with.
 */
export function tryResolveModelGroup(
  config: GatewayConfig,
  model: string,
  prices: PriceTableLookup = config.prices,
): ResolvedModelGroup | undefined {
  const alias = config.routing.modelGroupAlias.get(model);
  if (alias !== undefined) {
    const target = resolveTarget(config, alias.model, model, "alias", prices);
    if (target !== undefined) return target;
  }
  return resolveTarget(config, model, model, "exact", prices);
}

/** As tryResolveModelGroup, or a 404 in the caller's format. */
export function resolveModelGroup(
  config: GatewayConfig,
  model: string,
  prices: PriceTableLookup = config.prices,
): ResolvedModelGroup {
  const resolved = tryResolveModelGroup(config, model, prices);
  if (resolved === undefined) {
    throw new GatewayError(
      "model_not_found",
      `The model \`${model}\` does not exist or you do not have access to it.`,
      {
        param: "model",
      },
    );
  }
  return resolved;
}
