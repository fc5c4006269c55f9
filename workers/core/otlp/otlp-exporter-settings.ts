import type { EnvLookup } from "../config/resolve-gateway-config.ts";

/**
 * Where and how the gateway pushes traces, from the standard OpenTelemetry exporter variables
 * (https://opentelemetry.io/docs/specs/otel/protocol/exporter/):
 *   OTEL_EXPORTER_OTLP_TRACES_ENDPOINT   full URL, used as is
 *   OTEL_EXPORTER_OTLP_ENDPOINT          base URL; traces go to `<base>/v1/traces`
 *   OTEL_EXPORTER_OTLP_(TRACES_)HEADERS  `key=value,key2=value2`, values percent-decoded (auth headers)
 *   OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT  milliseconds per export request (default 10000)
 * and LiteLLM's names for its `otel` callback, OTEL_ENDPOINT and OTEL_HEADERS, as fallbacks.
 * Only http/json is sent: there is no protobuf encoder in a Worker without a dependency.
 */
export interface OtlpExporterSettings {
  url: string;
  /** Secrets, usually: never logged. */
  headers: Record<string, string>;
  timeoutMs: number;
}

export const DEFAULT_OTLP_TIMEOUT_MS = 10_000;
/** A queue consumer waits for the export; a collector slower than this is treated as down. */
const MAX_OTLP_TIMEOUT_MS = 30_000;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function first(lookup: EnvLookup, names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = lookup(name)?.trim();
    if (value !== undefined && value !== "") return { name, value };
  }
  return undefined;
}

function tracesUrl(lookup: EnvLookup, warnings: string[]): string | undefined {
  const configured = first(lookup, [
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_ENDPOINT",
  ]);
  if (configured === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(configured.value);
  } catch {
    warnings.push(`${configured.name}: not a URL; traces are not exported`);
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    warnings.push(`${configured.name}: expected an http(s) URL; traces are not exported`);
    return undefined;
  }
  // A signal-specific endpoint is used as is; a base gets the traces path (LiteLLM's may already have it).
  if (configured.name !== "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" && !url.pathname.endsWith("/v1/traces")) {
    url.pathname = `${url.pathname.replace(/\/+$/, "")}/v1/traces`;
  }
  return url.toString();
}

/** Parses `k=v,k2=v2`; a malformed pair is reported by position (its value may be a secret) and skipped. */
export function parseOtlpHeaders(text: string, source: string, warnings: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  text.split(",").forEach((pair, index) => {
    if (pair.trim() === "") return;
    const equals = pair.indexOf("=");
    const name = equals < 0 ? "" : pair.slice(0, equals).trim();
    let value: string | undefined;
    try {
      value = equals < 0 ? undefined : decodeURIComponent(pair.slice(equals + 1).trim());
    } catch {
      value = undefined;
    }
    if (!HEADER_NAME.test(name) || value === undefined) {
      warnings.push(`${source}: entry ${index + 1} is not key=value; skipped`);
      return;
    }
    headers[name.toLowerCase()] = value;
  });
  return headers;
}

function timeoutMs(lookup: EnvLookup, warnings: string[]): number {
  const configured = first(lookup, ["OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"]);
  if (configured === undefined) return DEFAULT_OTLP_TIMEOUT_MS;
  const value = Number(configured.value);
  if (!Number.isFinite(value) || value <= 0) {
    warnings.push(`${configured.name}: expected milliseconds > 0; using ${DEFAULT_OTLP_TIMEOUT_MS}`);
    return DEFAULT_OTLP_TIMEOUT_MS;
  }
  return Math.min(value, MAX_OTLP_TIMEOUT_MS);
}

/** The exporter settings, or undefined when no endpoint is configured (or it is unusable: see `warnings`). */
export function otlpExporterSettingsFrom(lookup: EnvLookup, warnings: string[]): OtlpExporterSettings | undefined {
  const url = tracesUrl(lookup, warnings);
  if (url === undefined) return undefined;
  const headers = first(lookup, ["OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_HEADERS"]);
  return {
    url,
    headers: headers === undefined ? {} : parseOtlpHeaders(headers.value, headers.name, warnings),
    timeoutMs: timeoutMs(lookup, warnings),
  };
}
