import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AdminEnv } from "../../../workers/admin/admin-env.ts";
import { adminApp } from "../../../workers/admin/app.ts";
import { gatewayConfigCache } from "../../../workers/gateway/config-cache.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";

const TEST_KEY = (env as unknown as { SWITCHYARD_ENCRYPTION_KEY: string }).SWITCHYARD_ENCRYPTION_KEY;

/** The admin app with exactly these vars (no encryption key unless given). */
async function adminWith(vars: Partial<AdminEnv>, path: string, init: RequestInit = {}) {
  const adminEnv: AdminEnv = { DB: env.DB, GATEWAY: exports.AdminRpc as AdminEnv["GATEWAY"], ...vars };
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${TEST_MASTER_KEY}`);
  const ctx = createExecutionContext();
  const response = await adminApp.fetch(new Request(`https://admin.test${path}`, { ...init, headers }), adminEnv, ctx);
  await waitOnExecutionContext(ctx);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** POST /config as YAML, to an admin worker with the test encryption key. */
const postConfig = (yaml: string, query = "") =>
  adminWith({ SWITCHYARD_ENCRYPTION_KEY: TEST_KEY }, `/config${query}`, { method: "POST", body: yaml });

const configWith = (provider: { apiKey: string; apiBase?: string }) => `
model_list:
  - model_name: gpt
    litellm_params:
      model: openai/gpt-4.1
      api_base: ${provider.apiBase ?? "https://openai.test/v1"}
      api_key: ${provider.apiKey}
      aws_secret_access_key: literal-aws-secret-at-rest
general_settings:
  master_key: ${TEST_MASTER_KEY}
environment_variables:
  EXTRA_TOKEN: literal-env-at-rest
`;

async function storedRow(version: number) {
  const row = await env.DB.prepare("SELECT source_text, config_json FROM config_versions WHERE version = ?")
    .bind(version)
    .first<{ source_text: string; config_json: string }>();
  if (row === null) throw new Error(`no config version ${version}`);
  return row;
}

const chat = () =>
  callGateway("/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt", messages: [{ role: "user", content: "hi" }] }),
  });

const okCompletion = () =>
  Response.json({
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: "gpt-4.1",
    choices: [{ index: 0, message: { role: "assistant", content: "hello" }, finish_reason: "stop" }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM config_versions").run();
  await activateConfig(`general_settings: { master_key: ${TEST_MASTER_KEY} }\n`);
});

describe("config secrets at rest", () => {
  it("stores literal secrets sealed, in config_json and source_text alike, and the gateway uses the real key", async () => {
    const saved = await postConfig(configWith({ apiKey: "sk-at-rest-provider-key-0001" }));
    expect(saved.status).toBe(201);
    const row = await storedRow(Number(saved.body.version));
    for (const literal of ["sk-at-rest-provider-key-0001", "literal-aws-secret-at-rest", "literal-env-at-rest"]) {
      expect(row.config_json).not.toContain(literal);
      expect(row.source_text).not.toContain(literal);
    }
    expect(row.config_json).not.toContain(TEST_MASTER_KEY);
    expect(row.source_text).toMatch(/^enc:v1:[0-9a-f]{8}:/);
    const stored = JSON.parse(row.config_json);
    expect(stored.model_list[0].litellm_params.api_key).toMatch(/^enc:v1:/);
    expect(stored.model_list[0].litellm_params.api_base).toBe("https://openai.test/v1");

    // The master key was sealed too: the admin opens it to authenticate this very call.
    const shown = await callAdmin("/config");
    expect(shown.status).toBe(200);
    expect(shown.body.config).toMatchObject({
      model_list: [{ litellm_params: { api_key: "enc:v1:****", api_base: "https://openai.test/v1" } }],
      general_settings: { master_key: "enc:v1:****" },
    });

    upstream = mockUpstreams({ "https://openai.test": okCompletion });
    gatewayConfigCache.clear();
    const answer = await chat();
    expect(answer.response.status).toBe(200);
    expect(upstream.requests[0]?.headers.get("authorization")).toBe("Bearer sk-at-rest-provider-key-0001");
  });

  it("seals a /model/new deployment's key and keeps the earlier envelopes openable", async () => {
    expect((await postConfig(configWith({ apiKey: "sk-at-rest-first-key-0002" }))).status).toBe(201);
    const added = await postAdmin("/model/new", {
      model_name: "second",
      litellm_params: {
        model: "openai/gpt-4.1-mini",
        api_base: "https://second.test/v1",
        api_key: "sk-at-rest-second-0003",
      },
    });
    expect(added.status).toBe(200);
    const row = await storedRow(Number(added.body.config_version));
    expect(row.config_json).not.toContain("sk-at-rest-second-0003");
    expect(row.config_json).not.toContain("sk-at-rest-first-key-0002");

    upstream = mockUpstreams({ "https://openai.test": okCompletion, "https://second.test": okCompletion });
    gatewayConfigCache.clear();
    expect((await chat()).response.status).toBe(200);
    const second = await callGateway("/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "second", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(second.response.status).toBe(200);
    expect(upstream.requests.map((request) => request.headers.get("authorization"))).toEqual([
      "Bearer sk-at-rest-first-key-0002",
      "Bearer sk-at-rest-second-0003",
    ]);
  });

  it("serves plain text rows written before encryption (or straight into D1) unchanged", async () => {
    await activateConfig(configWith({ apiKey: "sk-legacy-plaintext-0004" }));
    upstream = mockUpstreams({ "https://openai.test": okCompletion });
    expect((await chat()).response.status).toBe(200);
    expect(upstream.requests[0]?.headers.get("authorization")).toBe("Bearer sk-legacy-plaintext-0004");
  });

  it("refuses literal secrets without SWITCHYARD_ENCRYPTION_KEY, naming them and the remedy, on dry runs too", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM config_versions").first<{ n: number }>();
    for (const query of ["", "?dry_run=true"]) {
      const refused = await adminWith({}, `/config${query}`, {
        method: "POST",
        body: configWith({ apiKey: "sk-no-key-configured-0005" }),
      });
      expect(refused.status).toBe(400);
      const error = refused.body.error as { message: string; param: string; type: string };
      expect(error.type).toBe("invalid_request_error");
      expect(error.param).toBe("model_list[0].litellm_params.api_key");
      expect(error.message).toContain("model_list[0].litellm_params.api_key");
      expect(error.message).toContain("general_settings.master_key");
      expect(error.message).toContain("SWITCHYARD_ENCRYPTION_KEY is not set");
      expect(error.message).toContain("os.environ/NAME");
      expect(JSON.stringify(refused.body)).not.toContain("sk-no-key-configured-0005");
    }
    const after = await env.DB.prepare("SELECT count(*) AS n FROM config_versions").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it("stores a config of os.environ references only, without a key, as it was written", async () => {
    const yaml = `model_list:\n  - model_name: gpt\n    litellm_params: { model: openai/gpt-4.1, api_key: os.environ/OPENAI_API_KEY }\n`;
    const saved = await adminWith({ MASTER_KEY: TEST_MASTER_KEY }, "/config", { method: "POST", body: yaml });
    expect(saved.status).toBe(201);
    expect((await storedRow(Number(saved.body.version))).source_text).toBe(yaml);
  });

  it("answers 503 naming the variable when the key is malformed, and never echoes it", async () => {
    const refused = await adminWith({ SWITCHYARD_ENCRYPTION_KEY: "not-a-real-key" }, "/config", {
      method: "POST",
      body: configWith({ apiKey: "sk-bad-key-0006" }),
    });
    expect(refused.status).toBe(503);
    expect(JSON.stringify(refused.body)).toContain("SWITCHYARD_ENCRYPTION_KEY must be the base64 of 32 random bytes");
    expect(JSON.stringify(refused.body)).not.toContain("not-a-real-key");
  });

  it("drops a secret the gateway cannot open rather than sending the envelope upstream", async () => {
    expect((await postConfig(configWith({ apiKey: "sk-sealed-elsewhere-0007" }))).status).toBe(201);
    upstream = mockUpstreams({ "https://openai.test": okCompletion });
    gatewayConfigCache.clear();
    // The gateway without the key: the sealed master key cannot be opened either, so use the Worker secret.
    const answer = await callGateway(
      "/v1/chat/completions",
      {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt", messages: [{ role: "user", content: "hi" }] }),
      },
      { SWITCHYARD_ENCRYPTION_KEY: "", MASTER_KEY: TEST_MASTER_KEY } as unknown as Partial<Env>,
    );
    gatewayConfigCache.clear();
    // OpenAI-compatible upstreams may need no key (local servers), so the call goes out without one.
    expect(answer.response.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.headers.get("authorization")).toBeNull();
    expect(JSON.stringify([...(upstream.requests[0]?.headers ?? [])])).not.toContain("enc:v1:");
  });
});

describe("outbound URL policy on save", () => {
  it.each([
    ["the metadata endpoint", "http://169.254.169.254/latest", "link-local"],
    ["a loopback decimal address", "http://2130706433/v1", "loopback"],
    ["a private address", "https://10.0.0.7/v1", "private"],
    ["localhost", "http://localhost:11434/v1", "loopback"],
    ["a non-http scheme", "file:///etc/passwd", "scheme"],
  ])("refuses %s with a 400 naming the deployment and the rule", async (_name, apiBase, rule) => {
    const refused = await postConfig(configWith({ apiKey: "sk-ssrf-0008", apiBase }));
    expect(refused.status).toBe(400);
    const error = refused.body.error as { message: string; param: string };
    expect(error.param).toBe("model_list[0].litellm_params.api_base");
    expect(error.message).toContain("deployment 'gpt#0' (model_list[0])");
    expect(error.message).toContain(`rule '${rule}'`);
    expect((await postConfig(configWith({ apiKey: "sk-ssrf-0008", apiBase }), "?dry_run=true")).status).toBe(400);
  });

  it("refuses a /model/new deployment pointing at a private network", async () => {
    const refused = await postAdmin("/model/new", {
      model_name: "internal",
      litellm_params: { model: "hosted_vllm/llama", api_base: "http://192.168.1.20:8000/v1" },
      model_info: { id: "internal-vllm" },
    });
    expect(refused.status).toBe(400);
    expect((refused.body.error as { message: string }).message).toContain(
      "deployment 'internal-vllm' (model_list[0]): api_base is denied by the outbound URL policy, rule 'private': 192.168.1.20 is in 192.168.0.0/16 (private).",
    );
  });

  it("accepts private hosts the admin worker is told to allow, for local development", async () => {
    const yaml =
      "model_list:\n  - model_name: local\n    litellm_params: { model: hosted_vllm/llama, api_base: http://127.0.0.1:8000/v1 }\n";
    for (const vars of [{ OUTBOUND_ALLOWED_HOSTS: "127.0.0.1" }, { OUTBOUND_ALLOW_PRIVATE: "true" }]) {
      const saved = await adminWith({ MASTER_KEY: TEST_MASTER_KEY, ...vars }, "/config", {
        method: "POST",
        body: yaml,
      });
      expect(saved.status, JSON.stringify(vars)).toBe(201);
    }
  });
});
