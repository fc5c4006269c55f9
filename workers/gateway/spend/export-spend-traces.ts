import type { OtlpExporterSettings } from "../../core/otlp/otlp-exporter-settings.ts";
import { type SpendCall, spendCallsToOtlp } from "../../core/otlp/spend-records-to-otlp.ts";
import { redactSecrets } from "../../core/redaction/redact-secrets.ts";

/**
 * What this isolate's exports came to, for the structured logs (Workers Logs aggregates `failedBatches`
 * across isolates); a failed export is never retried: the spans are a copy, the spend rows are the record.
 */
export const otlpExportStats = { exportedBatches: 0, exportedSpans: 0, failedBatches: 0 };

/** The endpoint as logs may show it: no credentials, query or fragment (an ingest token often rides there). */
function loggableEndpoint(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function failureReason(error: unknown, settings: OtlpExporterSettings): string {
  if (error instanceof Error && error.name === "TimeoutError") return `timed out after ${settings.timeoutMs} ms`;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : "unknown error";
  // A network error may quote the URL (query tokens included) or a header value; neither reaches the log.
  let safe = message.split(settings.url).join(loggableEndpoint(settings.url));
  for (const value of Object.values(settings.headers)) if (value.length > 0) safe = safe.split(value).join("[header]");
  return redactSecrets(safe).text;
}

/**
 * Pushes one OTLP/HTTP JSON request for a batch of spend records (spend-records-to-otlp.ts), with the
 * configured headers and a timeout. Never throws: a collector that is down, slow or refusing costs a
 * log line and a count, and the caller's batch goes on. Returns whether the collector accepted it.
 */
export async function exportSpendTraces(
  calls: SpendCall[],
  settings: OtlpExporterSettings,
  send: typeof fetch,
): Promise<boolean> {
  if (calls.length === 0) return true;
  let spans = 0;
  try {
    const body = await spendCallsToOtlp(calls);
    spans = body.resourceSpans.reduce(
      (sum, resource) => sum + resource.scopeSpans.reduce((count, scope) => count + scope.spans.length, 0),
      0,
    );
    const response = await send(settings.url, {
      method: "POST",
      headers: { ...settings.headers, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    // The body is a status message at most (a partial-success count); nothing is read from it.
    await response.body?.cancel();
    if (!response.ok) throw new Error(`collector answered HTTP ${response.status}`);
    otlpExportStats.exportedBatches++;
    otlpExportStats.exportedSpans += spans;
    return true;
  } catch (error) {
    otlpExportStats.failedBatches++;
    console.error(
      JSON.stringify({
        event: "otlp_export_failed",
        endpoint: loggableEndpoint(settings.url),
        reason: failureReason(error, settings),
        calls: calls.length,
        spans,
        failedBatches: otlpExportStats.failedBatches,
      }),
    );
    return false;
  }
}
