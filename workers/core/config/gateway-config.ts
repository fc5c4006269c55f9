/** The runtime form of a config: what the hot path reads, resolved once per isolate per version. */
import type { ApiFormat } from "../formats/api-format.ts";
import type { OtlpExporterSettings } from "../otlp/otlp-exporter-settings.ts";
import type { ModelPrice } from "../pricing/model-price.ts";
import type { PriceTableLookup } from "../pricing/price-table-lookup.ts";
import type { RoutingSettings } from "../routing/routing-settings.ts";

/** Where a deployment's price comes from: the config's own fields win over the price table. */
export type DeploymentPricing = ModelPrice & { source: "config" | "price-table" };

export interface Deployment {
  /** `model_info.id`, else `<model_name>#<index in model_list>`. */
  id: string;
  modelGroup: string;
  provider: string;
  upstreamModel: string;
  /**
   * `litellm_params.model` as written, e.g. `anthropic/*`: a wildcard
   * deployment substitutes the requested name into it (resolve-model-group.ts).
   */
  litellmModel: string;
  apiBase: string | undefined;
  apiKey: string | undefined;
  apiVersion: string | undefined;
  weight: number;
  /** Whether `weight` was written in the config: simple-shuffle weighs by rpm/tpm only when no weight is. */
  weightConfigured: boolean;
  order: number;
  rpm: number | undefined;
  tpm: number | undefined;
  timeoutMs: number | undefined;
  streamTimeoutMs: number | undefined;
  maxRetries: number | undefined;
  /** `litellm_params.num_retries`: this deployment's router retries, over the global `num_retries`. */
  numRetries: number | undefined;
  /** `model_info.allowed_fails`: failures per minute before a cooldown, over the router's. */
  allowedFails: number | undefined;
  /** `model_info.cooldown_time` (else `litellm_params.cooldown_time`), ms; 0 disables cooldowns. */
  cooldownTimeMs: number | undefined;
  tags: string[];
  pricing: DeploymentPricing | undefined;
  mockResponse: string | undefined;
  /**
   * The API this deployment must be called with, whatever the client speaks.
   * From LiteLLM's `model_info.mode`: `responses` marks Responses-only models (gpt-5-codex, o3-pro).
   */
  requiredFormat: "openai-responses" | undefined;
  /** Provider-specific settings (`vertex_project`, `aws_region_name`, …), `os.environ/` already resolved. */
  providerParams: ProviderParams;
}

export interface ProviderParams {
  vertexProject?: string;
  vertexLocation?: string;
  /** Service-account JSON (the file's contents, usually via `os.environ/`). */
  vertexCredentials?: string;
  awsAccessKeyId?: string;
  awsSecretAccessKey?: string;
  awsSessionToken?: string;
  awsRegionName?: string;
  /** Cloudflare account id, for Workers AI over REST. */
  accountId?: string;
}

/**
 * The exact-match response cache, from `litellm_settings.cache` and `cache_params`
 * (workers/gateway/response-cache/).
 */
export interface ResponseCacheSettings {
  /** `cache: true`; when false no request is looked up or stored, whatever it asks. */
  enabled: boolean;
  /** `default_on`: every request unless it opts out; `default_off`: only requests that send `cache: {...}`. */
  mode: "default_on" | "default_off";
  /** How long an answer is kept unless the request says `cache: { ttl }`. */
  ttlSeconds: number;
  namespace: string | undefined;
  /** Whether all keys share entries; otherwise each key sees only what it stored itself. */
  sharedAcrossKeys: boolean;
  /** The client APIs that are cached (`supported_call_types`). */
  formats: readonly ApiFormat[];
}

export interface GatewayConfig {
  version: number;
  masterKey: string | undefined;
  /** Model groups in config order, each with its deployments. */
  deploymentsByGroup: Map<string, Deployment[]>;
  dropParams: boolean;
  numRetries: number;
  requestTimeoutMs: number | undefined;
  /** Strategy, aliases, fallbacks, retry policy, cooldowns and tag filtering (router_settings). */
  routing: RoutingSettings;
  responseCache: ResponseCacheSettings;
  /** OTLP trace export switched on by `litellm_settings.callbacks: ["otel"]` (resolve-otlp-export.ts). */
  otlpExport: OtlpExporterSettings | undefined;
  /**
   * The price tables deployments were priced from (imported D1 prices, then
   * built-in); wildcard deployments price their concrete model from it.
   */
  prices: PriceTableLookup;
  /** Problems found while resolving (e.g. a missing `os.environ/` secret); never fatal. */
  warnings: string[];
}
