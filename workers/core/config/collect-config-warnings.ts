import type { LitellmConfig } from "./litellm-config-schema.ts";
import {
  cacheParamsSchema,
  generalSettingsSchema,
  litellmConfigSchema,
  litellmParamsSchema,
  litellmSettingsSchema,
  routerSettingsSchema,
} from "./litellm-config-schema.ts";
import { callbackWarnings } from "./resolve-otlp-export.ts";

const knownTopLevel = new Set(Object.keys(litellmConfigSchema.shape));
const knownLitellmParams = new Set(Object.keys(litellmParamsSchema.shape));
const knownLitellmSettings = new Set(Object.keys(litellmSettingsSchema.shape));
const knownRouterSettings = new Set(Object.keys(routerSettingsSchema.shape));
const knownGeneralSettings = new Set(Object.keys(generalSettingsSchema.shape));
const knownCacheParams = new Set(Object.keys(cacheParamsSchema.shape));

function unknownKeys(value: object | null | undefined, known: Set<string>, path: string, into: string[]): void {
  if (value === null || value === undefined) return;
  for (const key of Object.keys(value)) {
    if (!known.has(key))
      into.push(`${path}${path === "" ? "" : "."}${key}: not supported by Switchyard; kept and ignored`);
  }
}

/** Keys we keep but do not act on; a LiteLLM config must still import, so these are warnings, never errors. */
export function collectConfigWarnings(config: LitellmConfig): string[] {
  const warnings: string[] = [];
  unknownKeys(config, knownTopLevel, "", warnings);
  (config.model_list ?? []).forEach((entry, index) => {
    unknownKeys(entry.litellm_params, knownLitellmParams, `model_list[${index}].litellm_params`, warnings);
  });
  unknownKeys(config.litellm_settings, knownLitellmSettings, "litellm_settings", warnings);
  unknownKeys(config.litellm_settings?.cache_params, knownCacheParams, "litellm_settings.cache_params", warnings);
  unknownKeys(config.router_settings, knownRouterSettings, "router_settings", warnings);
  unknownKeys(config.general_settings, knownGeneralSettings, "general_settings", warnings);
  warnings.push(...callbackWarnings(config));
  return warnings;
}
