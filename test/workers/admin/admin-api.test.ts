import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { AdminEnv } from "../../../workers/admin/admin-env.ts";
import { adminApp } from "../../../workers/admin/app.ts";
import { writeSpendRecords } from "../../../workers/gateway/spend/consume-spend-batch.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callGateway } from "../../helpers/call-gateway.ts";

// The admin worker reaches Durable Objects only through the gateway's AdminRpc
// entrypoint; here that service binding is the real entrypoint, via ctx exports.
// The encryption key seals the literal secrets these configs carry (vitest.config.ts sets it).
const adminEnv: AdminEnv = {
  DB: env.DB,
  GATEWAY: exports.AdminRpc as AdminEnv["GATEWAY"],
  SWITCHYARD_ENCRYPTION_KEY: (env as unknown as { SWITCHYARD_ENCRYPTION_KEY: string }).SWITCHYARD_ENCRYPTION_KEY,
};

async function admin(path: string, init: RequestInit = {}, key: string | null = TEST_MASTER_KEY) {
  const headers = new Headers(init.headers);
  if (key !== null) headers.set("authorization", `Bearer ${key}`);
  const ctx = createExecutionContext();
  const response = await adminApp.fetch(new Request(`https://admin.test${path}`, { ...init, headers }), adminEnv, ctx);
  await waitOnExecutionContext(ctx);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const baseConfig = `
model_list:
  - model_name: demo
    litellm_params:
      model: mock/demo
      api_key: sk-literal-provider-secret
general_settings:
  master_key: ${TEST_MASTER_KEY}
`;

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM config_versions").run();
  await activateConfig(baseConfig);
});

describe("admin auth", () => {
  it("rejects a missing or wrong master key", async () => {
    expect((await admin("/config", {}, null)).status).toBe(401);
    const wrong = await admin("/config", {}, "sk-nope-nope-nope");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { code: "invalid_api_key" } });
  });

  it("answers /health without a key", async () => {
    expect(await admin("/health", {}, null)).toEqual({ status: 200, body: { status: "ok" } });
  });
});

describe("config API", () => {
  it("shows the active config with literal secrets masked", async () => {
    const { status, body } = await admin("/config");
    expect(status).toBe(200);
    expect(JSON.stringify(body)).not.toContain("sk-literal-provider-secret");
    expect(body.config).toMatchObject({ model_list: [{ litellm_params: { api_key: "sk****et" } }] });
  });

  it("validates without activating on dry_run, with warnings", async () => {
    const yaml = `${baseConfig}\nrouter_settings:\n  redis_host: r\n`;
    const { status, body } = await admin("/config?dry_run=true", { method: "POST", body: yaml });
    expect(status).toBe(200);
    expect(body).toEqual({
      valid: true,
      models: 1,
      warnings: ["router_settings.redis_host: not supported by Switchyard; kept and ignored"],
    });
    expect((await admin("/config/versions")).body.versions).toHaveLength(1);
  });

  it("rejects an invalid config with the failing path", async () => {
    const yaml = "model_list:\n  - model_name: x\n    litellm_params:\n      model: openai/x\n      rpm: fast\n";
    const { status, body } = await admin("/config", { method: "POST", body: yaml });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: "invalid_config", param: "model_list[0].litellm_params.rpm" } });
  });

  it("activates a new version that the gateway serves on its next request", async () => {
    const next = baseConfig.replace("model_name: demo", "model_name: renamed");
    const { status, body } = await admin("/config", { method: "POST", body: next });
    expect(status).toBe(201);
    expect(body).toMatchObject({ active: true, warnings: [] });
    expect((await admin("/config")).body.version).toBe(body.version);

    // CONFIG_REFRESH_MS is 0 in tests: the first request after activation still
    // sees the cached version and triggers the background check; the next sees v2.
    const auth = { authorization: `Bearer ${TEST_MASTER_KEY}` };
    await callGateway("/v1/models", { headers: auth });
    const models = await callGateway("/v1/models", { headers: auth });
    expect(models.json()).toMatchObject({ data: [{ id: "renamed" }] });
  });
});

describe("sessions", () => {
  it("reads a session's trace recorded by the gateway, through AdminRpc", async () => {
    const request = {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "x-claude-code-session-id": "sess-42" },
      body: JSON.stringify({ model: "demo", messages: [{ role: "user", content: "hi" }] }),
    };
    const first = await callGateway("/v1/chat/completions", request);
    const second = await callGateway("/v1/chat/completions", request);
    // Sessions are found through the D1 index the spend queue consumer writes.
    await writeSpendRecords(env.DB, [...first.spendRecords, ...second.spendRecords]);
    const { status, body } = await admin("/sessions/sess-42");
    expect(status).toBe(200);
    expect(body).toMatchObject({ sessionId: "sess-42", totals: { modelCalls: 2 } });
    const turns = body.turns as Array<{ modelCalls: Array<{ requestId: string }> }>;
    expect(turns[0]?.modelCalls[0]?.requestId).toBe(first.response.headers.get("x-request-id"));
    expect((await admin("/sessions/unknown")).status).toBe(404);
  });
});
