import { type OtlpExporterSettings, otlpExporterSettingsFrom } from "../otlp/otlp-exporter-settings.ts";
import type { LitellmConfig } from "./litellm-config-schema.ts";
import type { EnvLookup } from "./resolve-gateway-config.ts";

/** LiteLLM's logging callbacks Switchyard acts on: `otel`, the OTLP trace export (workers/core/otlp/). */
const SUPPORTED_CALLBACKS = new Set(["otel"]);
const CALLBACK_LISTS = ["callbacks", "success_callback", "failure_callback"] as const;

function callbackNames(config: LitellmConfig, list: (typeof CALLBACK_LISTS)[number]): string[] {
  const value = config.litellm_settings?.[list];
  if (value === null || value === undefined) return [];
  return typeof value === "string" ? [value] : value;
}

/** Import-time warnings: callbacks other than `otel` are kept and ignored. */
export function callbackWarnings(config: LitellmConfig): string[] {
  return CALLBACK_LISTS.flatMap((list) =>
    callbackNames(config, list)
      .filter((name) => !SUPPORTED_CALLBACKS.has(name))
      .map((name) => `litellm_settings.${list}: '${name}' is not supported by Switchyard; ignored`),
  );
}

/**
 * `litellm_settings.callbacks: ["otel"]` (or success_/failure_callback), LiteLLM's switch for its
 * OpenTelemetry logger: the exporter settings from the Worker's variables, else the config's
 * `environment_variables`. The push export runs without it too when the Worker's own OTEL_* variables
 * name an endpoint (the spend queue consumer checks those first).
 */
export function resolveOtlpExport(
  config: LitellmConfig,
  lookup: EnvLookup,
  warnings: string[],
): OtlpExporterSettings | undefined {
  const enabled = CALLBACK_LISTS.some((list) => callbackNames(config, list).includes("otel"));
  if (!enabled) return undefined;
  const settings = otlpExporterSettingsFrom(lookup, warnings);
  if (settings === undefined) {
    warnings.push(
      "litellm_settings.callbacks: 'otel' needs OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT " +
        "(a Worker secret or environment_variables); traces are not exported",
    );
  }
  return settings;
}
