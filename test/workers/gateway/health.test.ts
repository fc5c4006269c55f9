import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { gatewayApp } from "../../../workers/gateway/app.ts";
import { gatewayConfigCache } from "../../../workers/gateway/config-cache.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callGateway } from "../../helpers/call-gateway.ts";

const failingDb = {
  prepare: () => {
    throw new Error("D1_ERROR: unavailable");
  },
} as unknown as D1Database;

describe("health", () => {
  it("is live without a config or a key", async () => {
    expect((await callGateway("/health")).json()).toEqual({ status: "ok" });
  });

  it("is ready once a config is loaded and D1 answers", async () => {
    const version = await activateConfig(`model_list: []\ngeneral_settings: { master_key: ${TEST_MASTER_KEY} }\n`);
    const result = await callGateway("/health/readiness");
    expect(result.response.status).toBe(200);
    expect(result.json()).toEqual({ status: "ready", config_version: version, checks: { config: "ok", db: "ok" } });
  });

  it("is not ready without a config, or when D1 is unreachable (while still serving the cached config)", async () => {
    await env.DB.prepare("DELETE FROM config_versions").run();
    gatewayConfigCache.clear();
    const empty = await callGateway("/health/readiness");
    expect(empty.response.status).toBe(503);
    expect(empty.json()).toMatchObject({
      status: "not_ready",
      checks: { config: expect.stringContaining("No active config"), db: "ok" },
    });

    await activateConfig(`model_list: []\ngeneral_settings: { master_key: ${TEST_MASTER_KEY} }\n`);
    await callGateway("/health/readiness");
    const response = await gatewayApp.fetch(
      new Request("https://gateway.test/health/readiness"),
      { ...env, DB: failingDb },
      createExecutionContext(),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ checks: { config: "ok", db: "unreachable" } });
  });
});
