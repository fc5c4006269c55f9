import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../../workers/core/config/parse-config-text.ts";
import { resolveGatewayConfig } from "../../../workers/core/config/resolve-gateway-config.ts";
import { otlpExporterSettingsFrom } from "../../../workers/core/otlp/otlp-exporter-settings.ts";

function settings(vars: Record<string, string>) {
  const warnings: string[] = [];
  const resolved = otlpExporterSettingsFrom((name) => vars[name], warnings);
  return { resolved, warnings };
}

describe("otlpExporterSettingsFrom", () => {
  it("is off without an endpoint, whatever else is set", () => {
    expect(settings({ OTEL_EXPORTER_OTLP_HEADERS: "a=b" })).toEqual({ resolved: undefined, warnings: [] });
    expect(settings({ OTEL_EXPORTER_OTLP_ENDPOINT: "  " }).resolved).toBeUndefined();
  });

  it("appends /v1/traces to a base endpoint and takes a traces endpoint as is", () => {
    const url = (vars: Record<string, string>) => settings(vars).resolved?.url;
    expect(url({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example.com" })).toBe("https://otel.example.com/v1/traces");
    expect(url({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example.com/otlp/" })).toBe(
      "https://otel.example.com/otlp/v1/traces",
    );
    expect(
      url({
        OTEL_EXPORTER_OTLP_ENDPOINT: "https://ignored.example.com",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://ingest.example.com/api/traces",
      }),
    ).toBe("https://ingest.example.com/api/traces");
    // LiteLLM's OTEL_ENDPOINT is often written with the path already.
    expect(url({ OTEL_ENDPOINT: "http://collector.example.com:4318/v1/traces" })).toBe(
      "http://collector.example.com:4318/v1/traces",
    );
  });

  it("parses key=value headers with percent-decoded values, reporting a bad entry by position only", () => {
    const { resolved, warnings } = settings({
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example.com",
      OTEL_EXPORTER_OTLP_HEADERS:
        "Authorization=Basic%20c2VjcmV0, x-scope = team%3Dacme ,broken-secret-value,bad name=x",
    });
    expect(resolved?.headers).toEqual({ authorization: "Basic c2VjcmV0", "x-scope": "team=acme" });
    expect(warnings).toEqual([
      "OTEL_EXPORTER_OTLP_HEADERS: entry 3 is not key=value; skipped",
      "OTEL_EXPORTER_OTLP_HEADERS: entry 4 is not key=value; skipped",
    ]);
    expect(warnings.join()).not.toContain("secret");
    const tracesOnly = settings({
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example.com",
      OTEL_EXPORTER_OTLP_HEADERS: "a=general",
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: "a=traces",
    });
    expect(tracesOnly.resolved?.headers).toEqual({ a: "traces" });
  });

  it("refuses an endpoint that is not an http(s) URL", () => {
    expect(settings({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toEqual({
      resolved: undefined,
      warnings: ["OTEL_EXPORTER_OTLP_ENDPOINT: expected an http(s) URL; traces are not exported"],
    });
    expect(settings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "not a url" }).warnings).toEqual([
      "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: not a URL; traces are not exported",
    ]);
  });

  it("bounds the timeout: 10 s by default, at most 30 s, the default for nonsense", () => {
    const timeout = (value?: string) =>
      settings({
        OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example.com",
        ...(value === undefined ? {} : { OTEL_EXPORTER_OTLP_TIMEOUT: value }),
      });
    expect(timeout().resolved?.timeoutMs).toBe(10_000);
    expect(timeout("2500").resolved?.timeoutMs).toBe(2_500);
    expect(timeout("600000").resolved?.timeoutMs).toBe(30_000);
    expect(timeout("soon")).toMatchObject({
      resolved: { timeoutMs: 10_000 },
      warnings: ["OTEL_EXPORTER_OTLP_TIMEOUT: expected milliseconds > 0; using 10000"],
    });
  });
});

describe("litellm_settings.callbacks", () => {
  function resolve(settingsYaml: string, env: Record<string, string> = {}) {
    const parsed = parseConfigText(`model_list: []\n${settingsYaml}`, "yaml");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return { imported: parsed.warnings, config: resolveGatewayConfig(parsed.config, 1, env) };
  }

  it("turns the export on for `otel`, reading the endpoint from the Worker or environment_variables", () => {
    const fromWorker = resolve('litellm_settings: { callbacks: ["otel"] }', {
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example.com",
    });
    expect(fromWorker.imported).toEqual([]);
    expect(fromWorker.config.otlpExport?.url).toBe("https://otel.example.com/v1/traces");
    const fromConfig = resolve(
      'litellm_settings: { success_callback: "otel" }\nenvironment_variables: { OTEL_EXPORTER_OTLP_ENDPOINT: "https://cfg.example.com" }',
    );
    expect(fromConfig.config.otlpExport?.url).toBe("https://cfg.example.com/v1/traces");
  });

  it("stays off without `otel`, and says so when `otel` has no endpoint; other callbacks are reported", () => {
    expect(resolve("litellm_settings: { num_retries: 1 }").config.otlpExport).toBeUndefined();
    const { imported, config } = resolve('litellm_settings: { callbacks: ["otel", "langfuse"] }');
    expect(config.otlpExport).toBeUndefined();
    expect(imported).toEqual(["litellm_settings.callbacks: 'langfuse' is not supported by Switchyard; ignored"]);
    expect(config.warnings).toContainEqual(expect.stringContaining("'otel' needs OTEL_EXPORTER_OTLP_ENDPOINT"));
  });
});
