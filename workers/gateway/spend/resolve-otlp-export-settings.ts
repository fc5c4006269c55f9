import { type OtlpExporterSettings, otlpExporterSettingsFrom } from "../../core/otlp/otlp-exporter-settings.ts";
import { gatewayConfigCache } from "../config-cache.ts";

/** The Worker variables otlpExporterSettingsFrom reads; their values key the isolate's memo. */
const OTEL_VARIABLES = [
  "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_ENDPOINT",
  "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
  "OTEL_EXPORTER_OTLP_HEADERS",
  "OTEL_HEADERS",
  "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
  "OTEL_EXPORTER_OTLP_TIMEOUT",
];

let memo: { key: string; settings: OtlpExporterSettings | undefined } | undefined;

/** From the Worker's own OTEL_* secrets or vars; parsed (and any warning logged) once per isolate. */
function settingsFromWorkerEnv(env: Env): OtlpExporterSettings | undefined {
  const vars = env as unknown as Record<string, unknown>;
  const lookup = (name: string) => {
    const value = vars[name];
    return typeof value === "string" ? value : undefined;
  };
  const key = JSON.stringify(OTEL_VARIABLES.map(lookup));
  if (memo?.key !== key) {
    const warnings: string[] = [];
    memo = { key, settings: otlpExporterSettingsFrom(lookup, warnings) };
    for (const warning of warnings) console.warn(`OTLP export: ${warning}`);
  }
  return memo.settings;
}

/**
 * Where the spend consumer pushes traces: the Worker's OTEL_* variables, else the active config's
 * `litellm_settings.callbacks: ["otel"]` (served from the isolate's config cache; no config, no export).
 */
export async function resolveOtlpExportSettings(
  env: Env,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<OtlpExporterSettings | undefined> {
  const fromEnv = settingsFromWorkerEnv(env);
  if (fromEnv !== undefined) return fromEnv;
  try {
    return (await gatewayConfigCache.get(env, waitUntil)).otlpExport;
  } catch {
    return undefined;
  }
}
