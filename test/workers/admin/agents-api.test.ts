import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../../workers/core/auth/hash-key.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM agent_versions"),
    env.DB.prepare("DELETE FROM virtual_keys"),
    env.DB.prepare("DELETE FROM agents"),
    env.DB.prepare("DELETE FROM users"),
    env.DB.prepare("DELETE FROM teams"),
  ]);
  await activateConfig(`
model_list:
  # Priced: an agent with a budget refuses models it cannot price (unknown_price: refuse).
  - { model_name: demo, litellm_params: { model: mock/demo, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
  for (const teamId of ["team-a", "team-b"])
    expect((await postAdmin("/team/new", { team_id: teamId })).status).toBe(200);
});

type Body = Record<string, unknown>;
const createAgent = (body: Body, key?: string) => postAdmin("/agents", body, key);
const patchAgent = (id: string, body: Body, key?: string) =>
  callAdmin(`/agents/${id}`, { method: "PATCH", body: JSON.stringify(body), ...(key === undefined ? {} : { key }) });
const deleteAgent = (id: string, key?: string) =>
  callAdmin(`/agents/${id}`, { method: "DELETE", ...(key === undefined ? {} : { key }) });

async function created(body: Body): Promise<{ id: string; key: string; token: string }> {
  const result = await createAgent(body);
  if (result.status !== 200) throw new Error(`POST /agents failed: ${JSON.stringify(result.body)}`);
  const keyInfo = result.body.key_info as { token: string };
  return { id: result.body.agent_id as string, key: result.body.key as string, token: keyInfo.token };
}

async function roleKey(role: string, teamId?: string): Promise<string> {
  const result = await postAdmin("/key/generate", { role, ...(teamId === undefined ? {} : { team_id: teamId }) });
  return result.body.key as string;
}

const chat = (key: string) =>
  callGateway("/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "demo", messages: [{ role: "user", content: "hi" }] }),
  });

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

describe("POST /agents", () => {
  it("creates the agent at version 1 and issues its key, shown once", async () => {
    const response = await createAgent({
      agent_id: "reviewer",
      name: "Code reviewer",
      description: "Reviews pull requests",
      team_id: "team-a",
      harness: "claude-code",
      default_model: "demo",
      system_prompt: "Review carefully.",
      allowed_tools: ["Read", "Grep"],
      max_budget: 25,
      budget_duration: "30d",
      rpm_limit: 60,
      env: { LOG_LEVEL: "info" },
      tags: ["prod", "review"],
      comment: "first cut",
    });

    expect(response.status).toBe(200);
    const key = response.body.key as string;
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(response.body).toEqual({
      agent_id: "reviewer",
      name: "Code reviewer",
      description: "Reviews pull requests",
      team_id: "team-a",
      harness: "claude-code",
      default_model: "demo",
      system_prompt: "Review carefully.",
      allowed_tools: ["Read", "Grep"],
      allowed_mcp_servers: [],
      max_budget: 25,
      budget_duration: "30d",
      rpm_limit: 60,
      tpm_limit: null,
      max_parallel_requests: null,
      budget_timezone: null,
      unknown_price: null,
      budget_mode: null,
      env: { LOG_LEVEL: "info" },
      tags: ["prod", "review"],
      trace_policy: { bodies: "metadata", retention_days: 30 },
      session_limits: null,
      approval: null,
      version: 1,
      created_by: "master_key",
      created_at: ISO,
      updated_at: null,
      deleted_at: null,
      key,
      key_info: expect.objectContaining({
        token: await sha256Hex(key),
        key_alias: "agent:Code reviewer",
        team_id: "team-a",
        agent_id: "reviewer",
        max_budget: null,
        blocked: false,
        role: null,
      }),
    });

    const info = await callAdmin("/agents/reviewer");
    expect(info.body).toMatchObject({
      agent_id: "reviewer",
      version: 1,
      keys: [{ token: await sha256Hex(key), key_name: `sk-...${key.slice(-4)}`, blocked: false }],
    });
    expect(JSON.stringify(info.body)).not.toContain(key);
    const stored = await env.DB.prepare("SELECT * FROM virtual_keys").all();
    expect(JSON.stringify(stored.results)).not.toContain(key);
    expect((await chat(key)).response.status).toBe(200);
  });

  it("refuses env values that look like secrets with a 400 naming the variable, and accepts look-alikes", async () => {
    const secrets: Array<[string, string]> = [
      ["OPENAI_KEY", "sk-proj-abcdefghijklmnop"],
      ["AWS_ID", "AKIAIOSFODNN7EXAMPLE"],
      ["GH", "ghp_0123456789abcdefghijABCDEFGHIJ"],
      ["SLACK", "xoxb-1234567890-abcdef"],
      ["AUTH_HEADER", "Bearer sk-ant-api03-0123456789"],
      ["PEM", "-----BEGIN RSA PRIVATE KEY-----\nMIIE"],
    ];
    for (const [name, value] of secrets) {
      const refused = await createAgent({
        name: `agent-${name}`,
        team_id: "team-a",
        harness: "codex",
        default_model: "demo",
        env: { SAFE: "1", [name]: value },
      });
      expect(refused.status, name).toBe(400);
      expect(refused.body.error).toMatchObject({ type: "invalid_request_error", param: `env.${name}` });
      expect((refused.body.error as { message: string }).message).toContain(`Environment variable '${name}'`);
      expect(JSON.stringify(refused.body)).not.toContain(value);
    }
    const { id } = await created({ name: "ok", team_id: "team-a", harness: "codex", default_model: "demo" });
    const patched = await patchAgent(id, { env: { TOKEN: "ghp_0123456789abcdefghijABCDEFGHIJ" } });
    expect(patched.body.error).toMatchObject({ param: "env.TOKEN" });

    const lookAlikes = {
      RUNNER: "task-runner",
      DISK: "disk-usage-high",
      ASK: "ask-me-anything-please",
      MODEL: "claude-sonnet-4-5",
    };
    const accepted = await createAgent({
      name: "look-alikes",
      team_id: "team-a",
      harness: "codex",
      default_model: "demo",
      env: lookAlikes,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.env).toEqual(lookAlikes);
  });

  it("validates the body: required fields, team, harness, env names, unique names per team", async () => {
    const base = { name: "a", team_id: "team-a", harness: "codex", default_model: "demo" };
    const missingTeam = await createAgent({ name: "a", harness: "codex", default_model: "demo" });
    expect(missingTeam.status).toBe(400);
    expect(missingTeam.body.error).toMatchObject({ param: "team_id" });
    expect((await createAgent({ ...base, team_id: "nope" })).body.error).toMatchObject({
      message: "Team 'nope' does not exist.",
      param: "team_id",
    });
    expect((await createAgent({ ...base, harness: "cursor" })).body.error).toMatchObject({ param: "harness" });
    expect((await createAgent({ ...base, env: { "BAD-NAME": "x" } })).body.error).toMatchObject({
      param: "env.BAD-NAME",
    });
    expect((await createAgent({ ...base, trace_policy: { bodies: "all" } })).body.error).toMatchObject({
      param: "trace_policy.bodies",
    });
    expect((await createAgent({ ...base, unknown_field: 1 })).status).toBe(400);

    expect((await createAgent(base)).status).toBe(200);
    const duplicate = await createAgent(base);
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error).toMatchObject({
      message: "Team 'team-a' already has an agent named 'a'.",
      param: "name",
    });
    expect((await createAgent({ ...base, team_id: "team-b" })).status).toBe(200);
  });
});

describe("GET /agents", () => {
  async function seed() {
    await created({
      agent_id: "a1",
      name: "one",
      team_id: "team-a",
      harness: "claude-code",
      default_model: "demo",
      tags: ["prod"],
    });
    await created({
      agent_id: "a2",
      name: "two",
      team_id: "team-a",
      harness: "codex",
      default_model: "demo",
      tags: ["ci"],
    });
    await created({
      agent_id: "b1",
      name: "three",
      team_id: "team-b",
      harness: "opencode",
      default_model: "demo",
      tags: ["prod", "ci"],
    });
  }
  const ids = (body: Body) => (body.agents as Array<{ agent_id: string }>).map((agent) => agent.agent_id);

  it("filters by team, harness and tag, and leaves deleted agents out unless asked", async () => {
    await seed();
    const all = await callAdmin("/agents");
    expect(all.body).toMatchObject({ total_count: 3, current_page: 1, total_pages: 1 });
    expect(ids(all.body)).toEqual(["a1", "a2", "b1"]);
    expect(ids((await callAdmin("/agents?team_id=team-a")).body)).toEqual(["a1", "a2"]);
    expect(ids((await callAdmin("/agents?harness=codex")).body)).toEqual(["a2"]);
    expect(ids((await callAdmin("/agents?tag=prod")).body)).toEqual(["a1", "b1"]);
    expect(ids((await callAdmin("/agents?tag=ci&team_id=team-b")).body)).toEqual(["b1"]);
    expect(ids((await callAdmin("/agents?size=2&page=2")).body)).toEqual(["b1"]);
    expect((await callAdmin("/agents?harness=cursor")).body.error).toMatchObject({ param: "harness" });

    expect((await deleteAgent("a2")).status).toBe(200);
    expect(ids((await callAdmin("/agents")).body)).toEqual(["a1", "b1"]);
    expect(ids((await callAdmin("/agents?include_deleted=true")).body)).toEqual(["a1", "a2", "b1"]);
  });

  it("scopes a team_admin to its own team and keeps viewers read-only", async () => {
    await seed();
    const teamAdmin = await roleKey("team_admin", "team-a");
    expect(ids((await callAdmin("/agents", { key: teamAdmin })).body)).toEqual(["a1", "a2"]);
    expect(ids((await callAdmin("/agents?team_id=team-b", { key: teamAdmin })).body)).toEqual(["a1", "a2"]);
    expect((await callAdmin("/agents/b1", { key: teamAdmin })).status).toBe(403);
    expect((await callAdmin("/agents/b1/versions", { key: teamAdmin })).status).toBe(403);
    expect((await patchAgent("b1", { description: "x" }, teamAdmin)).status).toBe(403);
    expect((await deleteAgent("b1", teamAdmin)).status).toBe(403);
    expect((await postAdmin("/agents/b1/keys/rotate", {}, teamAdmin)).status).toBe(403);
    const ownTeam = await createAgent({ name: "mine", harness: "codex", default_model: "demo" }, teamAdmin);
    expect(ownTeam.status).toBe(200);
    expect(ownTeam.body.team_id).toBe("team-a");
    const otherTeam = await createAgent(
      { name: "theirs", team_id: "team-b", harness: "codex", default_model: "demo" },
      teamAdmin,
    );
    expect(otherTeam.status).toBe(403);

    const viewer = await roleKey("viewer");
    expect(ids((await callAdmin("/agents", { key: viewer })).body)).toEqual(["a1", "a2", "b1", ownTeam.body.agent_id]);
    expect((await callAdmin("/agents/b1", { key: viewer })).status).toBe(200);
    const viewerCreate = await createAgent(
      { name: "v", team_id: "team-a", harness: "codex", default_model: "demo" },
      viewer,
    );
    expect(viewerCreate.status).toBe(403);
    expect((await patchAgent("a1", { description: "x" }, viewer)).status).toBe(403);
  });
});

describe("versions", () => {
  it("makes every change a new immutable version, skips no-op updates, and diffs two versions by path", async () => {
    const { id } = await created({
      name: "builder",
      team_id: "team-a",
      harness: "codex",
      default_model: "demo",
      system_prompt: "Build things.",
      env: { LOG_LEVEL: "info", KEEP: "yes" },
      tags: ["ci"],
    });
    const v2 = await patchAgent(id, {
      description: "Builds the monorepo",
      max_budget: 5,
      env: { LOG_LEVEL: "debug", KEEP: "yes", REGION: "eu" },
      trace_policy: { bodies: "full" },
      comment: "more logs",
    });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({
      version: 2,
      description: "Builds the monorepo",
      trace_policy: { bodies: "full", retention_days: 30 },
      updated_at: ISO,
    });

    // The same values again (env in another key order): no new version.
    const noOp = await patchAgent(id, {
      description: "Builds the monorepo",
      env: { REGION: "eu", KEEP: "yes", LOG_LEVEL: "debug" },
      trace_policy: { retention_days: 30 },
    });
    expect(noOp.status).toBe(200);
    expect(noOp.body.version).toBe(2);

    const v3 = await patchAgent(id, { system_prompt: null, tags: ["ci", "nightly"], name: "builder-2" });
    expect(v3.body).toMatchObject({ version: 3, system_prompt: null, name: "builder-2" });

    const versions = await callAdmin(`/agents/${id}/versions`);
    expect(versions.body).toMatchObject({ agent_id: id, current_version: 3 });
    const list = versions.body.versions as Array<Body>;
    expect(list.map((version) => [version.version, version.comment, version.created_by])).toEqual([
      [1, null, "master_key"],
      [2, "more logs", "master_key"],
      [3, null, "master_key"],
    ]);
    expect(list[0]?.definition).toEqual({
      name: "builder",
      description: null,
      team_id: "team-a",
      harness: "codex",
      default_model: "demo",
      system_prompt: "Build things.",
      allowed_tools: [],
      allowed_mcp_servers: [],
      max_budget: null,
      budget_duration: null,
      rpm_limit: null,
      tpm_limit: null,
      max_parallel_requests: null,
      budget_timezone: null,
      unknown_price: null,
      budget_mode: null,
      env: { LOG_LEVEL: "info", KEEP: "yes" },
      tags: ["ci"],
      trace_policy: { bodies: "metadata", retention_days: 30 },
      session_limits: null,
      approval: null,
    });

    expect((await callAdmin(`/agents/${id}/versions/1/diff/2`)).body).toEqual({
      agent_id: id,
      from: 1,
      to: 2,
      added: [
        { path: "description", new: "Builds the monorepo" },
        { path: "max_budget", new: 5 },
        { path: "env.REGION", new: "eu" },
      ],
      removed: [],
      changed: [
        { path: "env.LOG_LEVEL", old: "info", new: "debug" },
        { path: "trace_policy.bodies", old: "metadata", new: "full" },
      ],
    });
    expect((await callAdmin(`/agents/${id}/versions/3/diff/1`)).body).toEqual({
      agent_id: id,
      from: 3,
      to: 1,
      added: [{ path: "system_prompt", new: "Build things." }],
      removed: [
        { path: "description", old: "Builds the monorepo" },
        { path: "max_budget", old: 5 },
        { path: "env.REGION", old: "eu" },
      ],
      changed: [
        { path: "name", old: "builder-2", new: "builder" },
        { path: "env.LOG_LEVEL", old: "debug", new: "info" },
        { path: "tags", old: ["ci", "nightly"], new: ["ci"] },
        { path: "trace_policy.bodies", old: "full", new: "metadata" },
      ],
    });
    expect((await callAdmin(`/agents/${id}/versions/2/diff/2`)).body).toMatchObject({
      added: [],
      removed: [],
      changed: [],
    });
    expect((await callAdmin(`/agents/${id}/versions/1/diff/9`)).status).toBe(404);
    expect((await callAdmin(`/agents/${id}/versions/one/diff/2`)).body.error).toMatchObject({ param: "from" });

    // Stored versions cannot be rewritten, whoever tries.
    await expect(
      env.DB.prepare("UPDATE agent_versions SET comment = 'rewritten' WHERE agent_id = ?").bind(id).run(),
    ).rejects.toThrow(/immutable/);
  });

  it("refuses to move an agent to another team or take a name the team already uses", async () => {
    const { id } = await created({ name: "first", team_id: "team-a", harness: "codex", default_model: "demo" });
    await created({ name: "second", team_id: "team-a", harness: "codex", default_model: "demo" });
    expect((await patchAgent(id, { team_id: "team-b" })).body.error).toMatchObject({
      message: "Unrecognized parameter(s) in the request body: team_id.",
    });
    const clash = await patchAgent(id, { name: "second" });
    expect(clash.body.error).toMatchObject({
      message: "Team 'team-a' already has an agent named 'second'.",
      param: "name",
    });
    expect((await callAdmin(`/agents/${id}`)).body.version).toBe(1);
    expect((await patchAgent("missing", { description: "x" })).status).toBe(404);
  });
});

describe("DELETE /agents/:id and key rotation", () => {
  it("soft-deletes the agent and blocks its keys on the gateway", async () => {
    const agent = await created({ name: "doomed", team_id: "team-a", harness: "codex", default_model: "demo" });
    expect((await chat(agent.key)).response.status).toBe(200);

    const deleted = await deleteAgent(agent.id);
    expect(deleted).toEqual({
      status: 200,
      body: { agent_id: agent.id, deleted_at: ISO, blocked_keys: [agent.token] },
    });
    // CONFIG_REFRESH_MS is 0 in tests: this request polls key_changes in the background while serving the cached
    // key; in production the same happens within CONFIG_REFRESH_MS (2 s).
    await chat(agent.key);
    const refused = await chat(agent.key);
    expect(refused.response.status).toBe(401);
    expect(refused.json()).toMatchObject({ error: { message: "This key has been blocked." } });

    const info = await callAdmin(`/agents/${agent.id}`);
    expect(info.body).toMatchObject({ deleted_at: ISO, keys: [{ token: agent.token, blocked: true }] });
    expect((await patchAgent(agent.id, { description: "x" })).body.error).toMatchObject({
      message: `Agent '${agent.id}' was deleted.`,
    });
    expect((await deleteAgent(agent.id)).status).toBe(404);
    expect((await postAdmin(`/agents/${agent.id}/keys/rotate`, {})).status).toBe(404);
    // The name is free again for a new agent of the team.
    expect(
      (await createAgent({ name: "doomed", team_id: "team-a", harness: "codex", default_model: "demo" })).status,
    ).toBe(200);
  });

  it("rotates the agent's key: a new key works, the old one is blocked", async () => {
    const agent = await created({ name: "rotating", team_id: "team-a", harness: "codex", default_model: "demo" });
    const rotated = await postAdmin(`/agents/${agent.id}/keys/rotate`, {});
    expect(rotated.status).toBe(200);
    const newKey = rotated.body.key as string;
    expect(newKey).toMatch(/^sk-/);
    expect(newKey).not.toBe(agent.key);
    expect(rotated.body).toMatchObject({
      agent_id: agent.id,
      blocked_keys: [agent.token],
      key_info: { token: await sha256Hex(newKey), agent_id: agent.id, team_id: "team-a", blocked: false },
    });
    expect((await chat(agent.key)).response.status).toBe(401);
    expect((await chat(newKey)).response.status).toBe(200);
    expect((await callAdmin(`/agents/${agent.id}`)).body.keys).toEqual([
      { token: agent.token, key_name: `sk-...${agent.key.slice(-4)}`, blocked: true },
      { token: await sha256Hex(newKey), key_name: `sk-...${newKey.slice(-4)}`, blocked: false },
    ]);
  });
});
