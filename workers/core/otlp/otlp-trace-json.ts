/**
 * The OTLP/HTTP JSON encoding of traces (`ExportTraceServiceRequest`,
 * https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): ids as lowercase hex, 64-bit
 * integers and nanosecond timestamps as decimal strings, enums as numbers.
 */
export type OtlpAttributeValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean };

export type OtlpAttributes = Array<{ key: string; value: OtlpAttributeValue }>;

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttributes;
  status: { code: number; message?: string };
}

export interface OtlpTraceExport {
  resourceSpans: Array<{
    resource: { attributes: OtlpAttributes };
    scopeSpans: Array<{ scope: { name: string; version: string }; spans: OtlpSpan[] }>;
  }>;
}

export const SPAN_KIND_INTERNAL = 1;
export const SPAN_KIND_CLIENT = 3;
export const STATUS_UNSET = 0;
export const STATUS_ERROR = 2;

/** Attribute values by key; null and undefined are left out, as OTLP has no null. */
export type AttributeInput = Record<string, string | number | boolean | null | undefined>;

export function otlpAttributes(values: AttributeInput): OtlpAttributes {
  const result: OtlpAttributes = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    if (typeof value === "string") result.push({ key, value: { stringValue: value } });
    else if (typeof value === "boolean") result.push({ key, value: { boolValue: value } });
    else if (Number.isInteger(value)) result.push({ key, value: { intValue: String(value) } });
    else result.push({ key, value: { doubleValue: value } });
  }
  return result;
}

/** Epoch milliseconds (fractions kept to the microsecond) as OTLP's nanosecond string. */
export function unixNanos(epochMs: number): string {
  return (BigInt(Math.round(epochMs * 1000)) * 1000n).toString();
}

/** A deterministic id of `bytes` bytes (16 for a trace, 8 for a span): the hex of SHA-256(text), cut. */
export async function otlpHexId(text: string, bytes: number): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest.slice(0, bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** One resource (the service) with one instrumentation scope holding `spans`. */
export function otlpTraceExport(serviceName: string, scope: string, spans: OtlpSpan[]): OtlpTraceExport {
  return {
    resourceSpans: [
      {
        resource: { attributes: otlpAttributes({ "service.name": serviceName }) },
        scopeSpans: [{ scope: { name: scope, version: "1" }, spans }],
      },
    ],
  };
}
