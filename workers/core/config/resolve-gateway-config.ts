import { API_FORMATS, type ApiFormat } from "../formats/api-format.ts";
import { BUILTIN_PRICE_LOOKUP, type PriceTableLookup } from "../pricing/price-table-lookup.ts";
import { splitProviderModel } from "../providers/split-provider-model.ts";
import { findTransport } from "../providers/transports/transport-registry.ts";
import { resolveRoutingSettings } from "../routing/resolve-routing-settings.ts";
import type {
  Deployment,
  DeploymentPricing,
  GatewayConfig,
  ProviderParams,
  ResponseCacheSettings,
} from "./gateway-config.ts";
import type { LitellmConfig, ModelEntry } from "./litellm-config-schema.ts";
import { resolveOtlpExport } from "./resolve-otlp-export.ts";

const ENV_REFERENCE = "os.environ/";

/** Secrets and vars of the Worker, plus the config's own `environment_variables`. */
export type EnvLookup = (name: string) => string | undefined;

export function envLookupFrom(env: object, config: LitellmConfig): EnvLookup {
  const fromConfig = config.environment_variables ?? {};
  return (name) => {
    const value = (env as Record<string, unknown>)[name];
    if (typeof value === "string") return value;
    const configured = fromConfig[name];
    return configured === undefined ? undefined : String(configured);
  };
}

function resolveValue(value: string | null | undefined, path: string, lookup: EnvLookup, warnings: string[]) {
  if (value === null || value === undefined) return undefined;
  if (!value.startsWith(ENV_REFERENCE)) return value;
  const name = value.slice(ENV_REFERENCE.length);
  const resolved = lookup(name);
  if (resolved === undefined) warnings.push(`${path}: environment variable ${name} is not set`);
  return resolved;
}

function numberFromModelInfo(entry: ModelEntry, key: string): number | undefined {
  const value = entry.model_info?.[key];
  return typeof value === "number" ? value : undefined;
}

function pricingOf(
  entry: ModelEntry,
  provider: string,
  model: string,
  prices: PriceTableLookup,
): DeploymentPricing | undefined {
  const params = entry.litellm_params;
  const input = params.input_cost_per_token ?? numberFromModelInfo(entry, "input_cost_per_token");
  const output = params.output_cost_per_token ?? numberFromModelInfo(entry, "output_cost_per_token");
  if (input === undefined || input === null || output === undefined || output === null) {
    const listed = prices.find(provider, model);
    return listed === undefined ? undefined : { ...listed.price, source: "price-table" };
  }
  const pricing: DeploymentPricing = { inputPerToken: input, outputPerToken: output, source: "config" };
  if (params.cache_read_input_token_cost != null) pricing.cacheReadPerToken = params.cache_read_input_token_cost;
  if (params.cache_creation_input_token_cost != null)
    pricing.cacheWritePerToken = params.cache_creation_input_token_cost;
  return pricing;
}

function providerParamsOf(entry: ModelEntry, path: string, lookup: EnvLookup, warnings: string[]): ProviderParams {
  const params = entry.litellm_params;
  const out: ProviderParams = {};
  const set = (key: keyof ProviderParams, name: string, value: string | null | undefined) => {
    const resolved = resolveValue(value, `${path}.${name}`, lookup, warnings);
    if (resolved !== undefined) out[key] = resolved;
  };
  set("vertexProject", "vertex_project", params.vertex_project);
  set("vertexLocation", "vertex_location", params.vertex_location);
  set("vertexCredentials", "vertex_credentials", params.vertex_credentials);
  set("awsAccessKeyId", "aws_access_key_id", params.aws_access_key_id);
  set("awsSecretAccessKey", "aws_secret_access_key", params.aws_secret_access_key);
  set("awsSessionToken", "aws_session_token", params.aws_session_token);
  set("awsRegionName", "aws_region_name", params.aws_region_name);
  set("accountId", "account_id", params.account_id);
  return out;
}

/** LiteLLM's `model_info.mode`, else the price table's mode for the model: `responses` forces the Responses API. */
function requiredFormatOf(
  entry: ModelEntry,
  provider: string,
  model: string,
  prices: PriceTableLookup,
): "openai-responses" | undefined {
  const mode = entry.model_info?.mode ?? prices.find(provider, model)?.price.mode;
  return mode === "responses" ? "openai-responses" : undefined;
}

/** `cooldown_time` from model_info (which LiteLLM reads first), else litellm_params; in ms. */
function cooldownTimeMsOf(entry: ModelEntry): number | undefined {
  const seconds = numberFromModelInfo(entry, "cooldown_time") ?? entry.litellm_params.cooldown_time;
  return seconds === undefined || seconds === null ? undefined : seconds * 1000;
}

function toDeployment(
  entry: ModelEntry,
  index: number,
  lookup: EnvLookup,
  warnings: string[],
  prices: PriceTableLookup,
): Deployment {
  const params = entry.litellm_params;
  const path = `model_list[${index}].litellm_params`;
  const { provider, model } = splitProviderModel(params.model);
  if (findTransport(provider) === undefined) {
    warnings.push(`${path}.model: provider '${provider}' is not supported yet; requests to it will fail`);
  }
  const infoId = entry.model_info?.id;
  return {
    id: typeof infoId === "string" && infoId !== "" ? infoId : `${entry.model_name}#${index}`,
    modelGroup: entry.model_name,
    provider,
    upstreamModel: model,
    litellmModel: params.model,
    apiBase: resolveValue(params.api_base, `${path}.api_base`, lookup, warnings),
    apiKey: resolveValue(params.api_key, `${path}.api_key`, lookup, warnings),
    apiVersion: resolveValue(params.api_version, `${path}.api_version`, lookup, warnings),
    weight: params.weight ?? 1,
    weightConfigured: params.weight !== undefined && params.weight !== null,
    order: params.order ?? 0,
    rpm: params.rpm ?? undefined,
    tpm: params.tpm ?? undefined,
    timeoutMs: params.timeout == null ? undefined : params.timeout * 1000,
    streamTimeoutMs: params.stream_timeout == null ? undefined : params.stream_timeout * 1000,
    maxRetries: params.max_retries ?? undefined,
    numRetries: params.num_retries ?? undefined,
    allowedFails: numberFromModelInfo(entry, "allowed_fails"),
    cooldownTimeMs: cooldownTimeMsOf(entry),
    tags: params.tags ?? [],
    pricing: pricingOf(entry, provider, model, prices),
    mockResponse: params.mock_response ?? undefined,
    providerParams: providerParamsOf(entry, path, lookup, warnings),
    requiredFormat: requiredFormatOf(entry, provider, model, prices),
  };
}

/** LiteLLM's in-memory cache keeps entries 10 minutes unless told otherwise (`InMemoryCache.default_ttl`). */
export const DEFAULT_RESPONSE_CACHE_TTL_SECONDS = 600;

/** LiteLLM's call type names in `cache_params.supported_call_types`, by the client API each one is. */
const CACHE_CALL_TYPES: Record<string, ApiFormat> = {
  completion: "openai-chat",
  acompletion: "openai-chat",
  responses: "openai-responses",
  aresponses: "openai-responses",
  anthropic_messages: "anthropic-messages",
  generate_content: "gemini",
  agenerate_content: "gemini",
  generate_content_stream: "gemini",
  agenerate_content_stream: "gemini",
};

function responseCacheSettingsOf(config: LitellmConfig, warnings: string[]): ResponseCacheSettings {
  const path = "litellm_settings.cache_params";
  const enabled = config.litellm_settings?.cache === true;
  const params = config.litellm_settings?.cache_params ?? {};
  if (!enabled && config.litellm_settings?.cache_params != null)
    warnings.push(`${path}: set, but litellm_settings.cache is not true; responses are not cached`);
  if (enabled && params.type != null && params.type !== "local")
    warnings.push(`${path}.type: '${params.type}' is ignored; responses are kept in the Cloudflare Cache API`);
  const formats = new Set<ApiFormat>();
  for (const callType of params.supported_call_types ?? Object.keys(CACHE_CALL_TYPES)) {
    const format = Object.hasOwn(CACHE_CALL_TYPES, callType) ? CACHE_CALL_TYPES[callType] : undefined;
    if (format === undefined) warnings.push(`${path}.supported_call_types: '${callType}' is not cached by Switchyard`);
    else formats.add(format);
  }
  return {
    enabled,
    mode: params.mode ?? "default_on",
    ttlSeconds: params.ttl ?? DEFAULT_RESPONSE_CACHE_TTL_SECONDS,
    namespace: params.namespace ?? undefined,
    sharedAcrossKeys: params.shared_across_keys ?? false,
    formats: API_FORMATS.filter((format) => formats.has(format)),
  };
}

/**
 * Turns a validated LiteLLM config into the runtime form, resolving `os.environ/NAME` references.
 * Deployments without config prices are priced from `prices` (imported prices, then the built-in table).
 */
export function resolveGatewayConfig(
  config: LitellmConfig,
  version: number,
  env: object,
  prices: PriceTableLookup = BUILTIN_PRICE_LOOKUP,
): GatewayConfig {
  const lookup = envLookupFrom(env, config);
  const warnings: string[] = [];
  const deploymentsByGroup = new Map<string, Deployment[]>();
  (config.model_list ?? []).forEach((entry, index) => {
    const deployment = toDeployment(entry, index, lookup, warnings, prices);
    const group = deploymentsByGroup.get(deployment.modelGroup);
    if (group) group.push(deployment);
    else deploymentsByGroup.set(deployment.modelGroup, [deployment]);
  });
  const masterKeyFromEnv = lookup("MASTER_KEY");
  const masterKey =
    masterKeyFromEnv ??
    resolveValue(config.general_settings?.master_key, "general_settings.master_key", lookup, warnings);
  const timeoutSeconds = config.litellm_settings?.request_timeout ?? config.router_settings?.timeout;
  return {
    version,
    masterKey,
    deploymentsByGroup,
    dropParams: config.litellm_settings?.drop_params ?? false,
    numRetries: config.litellm_settings?.num_retries ?? config.router_settings?.num_retries ?? 0,
    requestTimeoutMs: timeoutSeconds == null ? undefined : timeoutSeconds * 1000,
    routing: resolveRoutingSettings(config, warnings),
    responseCache: responseCacheSettingsOf(config, warnings),
    otlpExport: resolveOtlpExport(config, lookup, warnings),
    prices,
    warnings,
  };
}
