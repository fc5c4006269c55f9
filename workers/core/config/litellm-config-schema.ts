/**
 * LiteLLM `config.yaml`, our native config format (https://docs.litellm.ai/docs/proxy/configs).
 * Every object is loose: keys we do not act on are kept and reported as
 * warnings (see collect-config-warnings.ts), so a LiteLLM config imports unchanged.
 */
import { z } from "zod";

const count = z.number().int().nonnegative();
const seconds = z.number().positive();
const pricePerToken = z.number().nonnegative();
const fallbackList = z.array(z.record(z.string(), z.array(z.string())));
const callbackList = z.union([z.string(), z.array(z.string())]);

export const litellmParamsSchema = z.looseObject({
  model: z.string().min(1),
  api_key: z.string().nullish(),
  api_base: z.string().nullish(),
  api_version: z.string().nullish(),
  rpm: count.nullish(),
  tpm: count.nullish(),
  timeout: seconds.nullish(),
  stream_timeout: seconds.nullish(),
  max_retries: count.nullish(),
  // LiteLLM's router retry count for this deployment; outranks litellm_settings.num_retries.
  num_retries: count.nullish(),
  // Seconds this deployment is cooled down after failing (model_info.cooldown_time wins).
  cooldown_time: z.number().nonnegative().nullish(),
  weight: z.number().nonnegative().nullish(),
  order: z.number().int().nullish(),
  tags: z.array(z.string()).nullish(),
  input_cost_per_token: pricePerToken.nullish(),
  output_cost_per_token: pricePerToken.nullish(),
  cache_read_input_token_cost: pricePerToken.nullish(),
  cache_creation_input_token_cost: pricePerToken.nullish(),
  mock_response: z.string().nullish(),
  // Provider-specific credentials and placement (LiteLLM's names).
  vertex_project: z.string().nullish(),
  vertex_location: z.string().nullish(),
  vertex_credentials: z.string().nullish(),
  aws_access_key_id: z.string().nullish(),
  aws_secret_access_key: z.string().nullish(),
  aws_session_token: z.string().nullish(),
  aws_region_name: z.string().nullish(),
  account_id: z.string().nullish(),
});

export const modelEntrySchema = z.looseObject({
  model_name: z.string().min(1),
  litellm_params: litellmParamsSchema,
  // LiteLLM treats model_info as free-form metadata; we read `id` and prices.
  model_info: z.record(z.string(), z.unknown()).nullish(),
});

/**
 * `litellm_settings.cache_params` (https://docs.litellm.ai/docs/proxy/caching_settings). Backend keys
 * (`host`, `port`, `password`, …) are kept and reported: responses are stored in the Cloudflare Cache API.
 */
export const cacheParamsSchema = z.looseObject({
  type: z.string().nullish(),
  ttl: seconds.nullish(),
  namespace: z.string().nullish(),
  mode: z.enum(["default_on", "default_off"]).nullish(),
  supported_call_types: z.array(z.string()).nullish(),
  // Ours, not LiteLLM's: LiteLLM's cache is shared by every key; Switchyard's is per key unless this is set.
  shared_across_keys: z.boolean().nullish(),
});

export const litellmSettingsSchema = z.looseObject({
  num_retries: count.nullish(),
  request_timeout: seconds.nullish(),
  fallbacks: fallbackList.nullish(),
  context_window_fallbacks: fallbackList.nullish(),
  content_policy_fallbacks: fallbackList.nullish(),
  // Fallback groups for any model group without its own entry (LiteLLM turns these into `{"*": [...]}`).
  default_fallbacks: z.array(z.string()).nullish(),
  allowed_fails: count.nullish(),
  cooldown_time: z.number().nonnegative().nullish(),
  drop_params: z.boolean().nullish(),
  cache: z.boolean().nullish(),
  cache_params: cacheParamsSchema.nullish(),
  // LiteLLM's logging callbacks; only `otel` is acted on (config/resolve-otlp-export.ts).
  callbacks: callbackList.nullish(),
  success_callback: callbackList.nullish(),
  failure_callback: callbackList.nullish(),
});

export const routerSettingsSchema = z.looseObject({
  routing_strategy: z.string().nullish(),
  allowed_fails: count.nullish(),
  cooldown_time: z.number().nonnegative().nullish(),
  num_retries: count.nullish(),
  timeout: seconds.nullish(),
  retry_policy: z.record(z.string(), count).nullish(),
  model_group_alias: z
    .record(z.string(), z.union([z.string(), z.looseObject({ model: z.string(), hidden: z.boolean().nullish() })]))
    .nullish(),
  fallbacks: fallbackList.nullish(),
  context_window_fallbacks: fallbackList.nullish(),
  content_policy_fallbacks: fallbackList.nullish(),
  default_fallbacks: z.array(z.string()).nullish(),
  max_fallbacks: count.nullish(),
  enable_tag_filtering: z.boolean().nullish(),
  tag_filtering_match_any: z.boolean().nullish(),
  disable_cooldowns: z.boolean().nullish(),
  // Minimum seconds to wait before a retry (LiteLLM's Router `retry_after`).
  retry_after: z.number().nonnegative().nullish(),
  routing_strategy_args: z
    .looseObject({ ttl: seconds.nullish(), lowest_latency_buffer: z.number().nonnegative().nullish() })
    .nullish(),
});

export const generalSettingsSchema = z.looseObject({
  master_key: z.string().nullish(),
});

export const litellmConfigSchema = z.looseObject({
  model_list: z.array(modelEntrySchema).nullish(),
  litellm_settings: litellmSettingsSchema.nullish(),
  router_settings: routerSettingsSchema.nullish(),
  general_settings: generalSettingsSchema.nullish(),
  environment_variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullish(),
});

export type LitellmConfig = z.infer<typeof litellmConfigSchema>;
export type ModelEntry = z.infer<typeof modelEntrySchema>;
