import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { AdminEnv } from "../../../workers/admin/admin-env.ts";
import { adminApp } from "../../../workers/admin/app.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { parseSimpleToml } from "./parse-simple-toml.ts";

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM agent_versions"),
    env.DB.prepare("DELETE FROM virtual_keys"),
    env.DB.prepare("DELETE FROM agents"),
    env.DB.prepare("DELETE FROM teams"),
  ]);
  await activateConfig(`
model_list:
  - { model_name: demo, litellm_params: { model: mock/demo } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
  expect((await postAdmin("/team/new", { team_id: "team-a" })).status).toBe(200);
});

type Body = Record<string, unknown>;
/** Where the snippets put the key: a reference to the variable holding it, never the key. */
const KEY_PLACEHOLDER = `\${SWITCHYARD_API_KEY}`;

async function created(body: Body): Promise<{ id: string; key: string }> {
  const result = await postAdmin("/agents", body);
  if (result.status !== 200) throw new Error(`POST /agents failed: ${JSON.stringify(result.body)}`);
  return { id: result.body.agent_id as string, key: result.body.key as string };
}

describe("GET /agents/:id/connect", () => {
  const adminEnv: AdminEnv = { DB: env.DB, GATEWAY: exports.AdminRpc as AdminEnv["GATEWAY"] };

  async function connectAt(url: string, extraEnv: Record<string, string> = {}) {
    const ctx = createExecutionContext();
    const request = new Request(url, { headers: { authorization: `Bearer ${TEST_MASTER_KEY}` } });
    const response = await adminApp.fetch(request, { ...adminEnv, ...extraEnv }, ctx);
    await waitOnExecutionContext(ctx);
    return { status: response.status, body: (await response.json()) as Body };
  }

  async function agentFor(harness: string, extra: Body = {}) {
    return created({
      agent_id: `connect-${harness}`,
      name: harness,
      team_id: "team-a",
      harness,
      default_model: "demo",
      ...extra,
    });
  }

  it("writes Claude Code's variables and a settings.json env block, with the key only as a placeholder", async () => {
    const agent = await agentFor("claude-code", { env: { LOG_LEVEL: "debug", ANTHROPIC_MODEL: "ignored" } });
    const { status, body } = await callAdmin(`/agents/${agent.id}/connect?base_url=https://gw.example.com/v1/`);
    expect(status).toBe(200);
    const models = {
      ANTHROPIC_MODEL: "demo",
      ANTHROPIC_DEFAULT_HAIKU_MODEL: "demo",
      ANTHROPIC_DEFAULT_SONNET_MODEL: "demo",
      ANTHROPIC_DEFAULT_OPUS_MODEL: "demo",
    };
    expect(body).toEqual({
      agent_id: agent.id,
      harness: "claude-code",
      base_url: "https://gw.example.com",
      model: "demo",
      api_key_env: "SWITCHYARD_API_KEY",
      env: {
        ANTHROPIC_BASE_URL: "https://gw.example.com",
        ANTHROPIC_AUTH_TOKEN: KEY_PLACEHOLDER,
        ...models,
        LOG_LEVEL: "debug",
      },
      shell: [
        "# SWITCHYARD_API_KEY must hold the agent's key (shown once: when the agent was created or its key rotated).",
        "export ANTHROPIC_BASE_URL='https://gw.example.com'",
        `export ANTHROPIC_AUTH_TOKEN="${KEY_PLACEHOLDER}"`,
        "export ANTHROPIC_MODEL='demo'",
        "export ANTHROPIC_DEFAULT_HAIKU_MODEL='demo'",
        "export ANTHROPIC_DEFAULT_SONNET_MODEL='demo'",
        "export ANTHROPIC_DEFAULT_OPUS_MODEL='demo'",
        "export LOG_LEVEL='debug'",
        "",
      ].join("\n"),
      files: [{ path: ".claude/settings.json", format: "json", content: expect.any(String) }],
      notes: [
        "settings.json holds no key, so it can be committed; ANTHROPIC_AUTH_TOKEN comes from the shell.",
        "Do not also set ANTHROPIC_API_KEY: Claude Code would send it as x-api-key.",
      ],
    });
    const files = body.files as Array<{ content: string }>;
    expect(JSON.parse(files[0]?.content ?? "")).toEqual({
      $schema: "https://json.schemastore.org/claude-code-settings.json",
      env: { ANTHROPIC_BASE_URL: "https://gw.example.com", ...models, LOG_LEVEL: "debug" },
    });
    expect(JSON.stringify(body)).not.toContain(agent.key);
  });

  it("writes Codex's config.toml with a responses provider and the agent's env for commands", async () => {
    const agent = await agentFor("codex", { env: { RUST_LOG: 'warn "quoted"' } });
    const { body } = await callAdmin(`/agents/${agent.id}/connect?base_url=https://gw.example.com`);
    const toml = [
      "# Switchyard: the agent's key is read from the SWITCHYARD_API_KEY environment variable.",
      'model = "demo"',
      'model_provider = "switchyard"',
      "",
      "[model_providers.switchyard]",
      'name = "Switchyard"',
      'base_url = "https://gw.example.com/v1"',
      'env_key = "SWITCHYARD_API_KEY"',
      'wire_api = "responses"',
      "",
      "[shell_environment_policy.set]",
      'RUST_LOG = "warn \\"quoted\\""',
      "",
    ].join("\n");
    expect(body).toMatchObject({
      harness: "codex",
      env: { RUST_LOG: 'warn "quoted"' },
      shell: `# SWITCHYARD_API_KEY must hold the agent's key (shown once: when the agent was created or its key rotated).\nexport RUST_LOG='warn "quoted"'\n`,
      files: [{ path: "~/.codex/config.toml", format: "toml", content: toml }],
    });
    expect(parseSimpleToml(toml)).toEqual({
      model: "demo",
      model_provider: "switchyard",
      model_providers: {
        switchyard: {
          name: "Switchyard",
          base_url: "https://gw.example.com/v1",
          env_key: "SWITCHYARD_API_KEY",
          wire_api: "responses",
        },
      },
      shell_environment_policy: { set: { RUST_LOG: 'warn "quoted"' } },
    });
  });

  it("writes OpenCode's opencode.json with an openai-compatible provider reading the key from the env", async () => {
    const agent = await agentFor("opencode");
    const { body } = await callAdmin(`/agents/${agent.id}/connect?base_url=http://10.0.0.5:8787`);
    const files = body.files as Array<{ path: string; format: string; content: string }>;
    expect(files.map((file) => [file.path, file.format])).toEqual([["opencode.json", "json"]]);
    expect(files[0]?.content.endsWith("}\n")).toBe(true);
    expect(JSON.parse(files[0]?.content ?? "")).toEqual({
      $schema: "https://opencode.ai/config.json",
      provider: {
        switchyard: {
          npm: "@ai-sdk/openai-compatible",
          name: "Switchyard",
          options: { baseURL: "http://10.0.0.5:8787/v1", apiKey: "{env:SWITCHYARD_API_KEY}" },
          models: { demo: { name: "demo" } },
        },
      },
      model: "switchyard/demo",
      small_model: "switchyard/demo",
    });
    expect(body).toMatchObject({ env: {}, api_key_env: "SWITCHYARD_API_KEY" });
  });

  it("serves another harness's configuration on request, and SDK variables for custom agents", async () => {
    const agent = await agentFor("custom");
    const custom = await callAdmin(`/agents/${agent.id}/connect?base_url=https://gw.example.com`);
    expect(custom.body).toMatchObject({
      harness: "custom",
      env: {
        OPENAI_BASE_URL: "https://gw.example.com/v1",
        OPENAI_API_KEY: KEY_PLACEHOLDER,
        ANTHROPIC_BASE_URL: "https://gw.example.com",
        ANTHROPIC_AUTH_TOKEN: KEY_PLACEHOLDER,
      },
      files: [],
    });
    const asCodex = await callAdmin(`/agents/${agent.id}/connect?harness=codex&base_url=https://gw.example.com`);
    expect(asCodex.body).toMatchObject({ harness: "codex", files: [{ path: "~/.codex/config.toml" }] });
    expect((await callAdmin(`/agents/${agent.id}/connect?harness=cursor&base_url=https://x`)).body.error).toMatchObject(
      {
        param: "harness",
      },
    );
    expect((await callAdmin(`/agents/${agent.id}/connect?base_url=ftp://x`)).body.error).toMatchObject({
      param: "base_url",
    });
  });

  it("defaults the base URL to GATEWAY_PUBLIC_URL, else port 8787 of a local admin host, else asks for it", async () => {
    const agent = await agentFor("codex");
    const local = await connectAt(`http://127.0.0.1:8788/agents/${agent.id}/connect`);
    expect(local.body.base_url).toBe("http://127.0.0.1:8787");
    const configured = await connectAt(`https://admin.example.com/agents/${agent.id}/connect`, {
      GATEWAY_PUBLIC_URL: "https://llm.example.com/",
    });
    expect(configured.body.base_url).toBe("https://llm.example.com");
    const unknown = await callAdmin(`/agents/${agent.id}/connect`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      message:
        "We do not know the gateway's public URL: pass ?base_url=<gateway URL> or set GATEWAY_PUBLIC_URL on the admin worker.",
      param: "base_url",
    });
  });
});
