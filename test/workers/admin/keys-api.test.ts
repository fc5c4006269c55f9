import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../../workers/core/auth/hash-key.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM virtual_keys"),
    env.DB.prepare("DELETE FROM users"),
    env.DB.prepare("DELETE FROM teams"),
  ]);
  await activateConfig(`
model_list:
  # Priced: a key with a budget refuses models it cannot price (unknown_price: refuse).
  - { model_name: demo, litellm_params: { model: mock/demo, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } }
  - { model_name: premium, litellm_params: { model: mock/premium } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
});

const chat = (key: string, model = "demo") =>
  callGateway("/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });

async function generate(body: Record<string, unknown> = {}, key?: string | null) {
  const result = await postAdmin("/key/generate", body, key);
  return result as { status: number; body: { key: string; token: string } & Record<string, unknown> };
}

describe("/key/*", () => {
  it("generates a key shown once, stored only as its SHA-256, that works on the gateway at once", async () => {
    const { status, body } = await generate({
      key_alias: "ci-bot",
      models: ["demo"],
      max_budget: 5,
      budget_duration: "30d",
      rpm_limit: 60,
    });
    expect(status).toBe(200);
    expect(body.key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({
      key_alias: "ci-bot",
      models: ["demo"],
      max_budget: 5,
      budget_duration: "30d",
      rpm_limit: 60,
      blocked: false,
    });
    expect(body.token).toBe(await sha256Hex(body.key));
    const stored = await env.DB.prepare("SELECT * FROM virtual_keys").all();
    expect(JSON.stringify(stored.results)).not.toContain(body.key);

    const result = await chat(body.key);
    expect(result.response.status).toBe(200);
    expect(result.spendRecords[0]?.keyHash).toBe(body.token);
  });

  it("info, list and update find the key by the key or by its hash", async () => {
    const { body: created } = await generate({ key_alias: "a" });
    const info = await callAdmin(`/key/info?key=${created.key}`);
    expect(info.body).toMatchObject({ key: created.token, info: { key_alias: "a" } });
    expect(JSON.stringify(info.body)).not.toContain(created.key);
    const updated = await postAdmin("/key/update", { key: created.token, key_alias: "b", tpm_limit: 1000 });
    expect(updated.body).toMatchObject({ key_alias: "b", tpm_limit: 1000 });
    const list = await callAdmin("/key/list");
    expect(list.body).toMatchObject({ keys: [created.token], total_count: 1, current_page: 1, total_pages: 1 });
  });

  it("limits a key to its models (and its team's), in routing and in /v1/models", async () => {
    const { body } = await generate({ models: ["demo"] });
    expect((await chat(body.key, "demo")).response.status).toBe(200);
    const denied = await chat(body.key, "premium");
    expect(denied.response.status).toBe(403);
    expect(denied.json()).toMatchObject({ error: { type: "permission_error", param: "model" } });
    const models = await callGateway("/v1/models", { headers: { authorization: `Bearer ${body.key}` } });
    expect((models.json() as { data: Array<{ id: string }> }).data.map((model) => model.id)).toEqual(["demo"]);
  });

  it("stops a blocked key on the next request after the gateway's change poll, and unblocking restores it", async () => {
    const { body } = await generate();
    expect((await chat(body.key)).response.status).toBe(200);
    await postAdmin("/key/block", { key: body.key });
    // CONFIG_REFRESH_MS is 0 in tests: this request polls key_changes in the background while serving the cached
    // entry; in production the same happens within CONFIG_REFRESH_MS (2 s).
    await chat(body.key);
    const blocked = await chat(body.key);
    expect(blocked.response.status).toBe(401);
    expect(blocked.json()).toMatchObject({ error: { message: "This key has been blocked." } });
    await postAdmin("/key/unblock", { key: body.key });
    await chat(body.key);
    expect((await chat(body.key)).response.status).toBe(200);
  });

  it("rejects deleted and expired keys", async () => {
    const { body } = await generate();
    await chat(body.key);
    expect((await postAdmin("/key/delete", { keys: [body.key] })).body).toEqual({ deleted_keys: [body.key] });
    await chat(body.key);
    expect((await chat(body.key)).response.status).toBe(401);

    const { body: shortLived } = await generate({ duration: "1s" });
    await env.DB.prepare("UPDATE virtual_keys SET expires_at = ? WHERE token_hash = ?")
      .bind(Date.now() - 1, shortLived.token)
      .run();
    const expired = await chat(shortLived.key);
    expect(expired.response.status).toBe(401);
    expect((expired.json() as { error: { message: string } }).error.message).toMatch(/^This key expired at /);
  });

  it("answers bad bodies with 400s that name the field", async () => {
    expect((await postAdmin("/key/generate", { max_budget: -1 })).body).toMatchObject({
      error: { param: "max_budget" },
    });
    expect((await postAdmin("/key/generate", { budget_duration: "fortnight" })).body).toMatchObject({
      error: { param: "budget_duration" },
    });
    expect((await postAdmin("/key/generate", { surprise: true })).status).toBe(400);
    expect((await postAdmin("/key/generate", { team_id: "ghost" })).body).toMatchObject({
      error: { param: "team_id" },
    });
    expect((await postAdmin("/key/update", { key: "sk-nope-nope-nope-nope" })).status).toBe(404);
  });
});

describe("/team/* and /user/*", () => {
  it("creates a team, issues team keys, and blocks them all by blocking the team", async () => {
    const team = await postAdmin("/team/new", {
      team_id: "platform",
      team_alias: "Platform",
      models: ["demo"],
      max_budget: 100,
    });
    expect(team.body).toMatchObject({
      team_id: "platform",
      team_alias: "Platform",
      models: ["demo"],
      max_budget: 100,
      blocked: false,
    });
    const { body } = await generate({ team_id: "platform" });
    expect((await chat(body.key, "premium")).response.status).toBe(403);
    expect((await chat(body.key, "demo")).response.status).toBe(200);
    await postAdmin("/team/update", { team_id: "platform", blocked: true });
    await chat(body.key);
    expect((await chat(body.key)).json()).toMatchObject({ error: { message: "This key's team has been blocked." } });
    const info = await callAdmin("/team/info?team_id=platform");
    expect(info.body).toMatchObject({ team_id: "platform", keys: [{ token: body.token }] });
    await postAdmin("/team/delete", { team_ids: ["platform"] });
    expect((await callAdmin(`/key/info?key=${body.key}`)).status).toBe(404);
  });

  it("deletes a team that has users: they stay, without a team", async () => {
    await postAdmin("/team/new", { team_id: "with-users" });
    const user = await postAdmin("/user/new", { user_id: "grace", team_id: "with-users", auto_create_key: false });
    expect(user.status).toBe(200);
    const deleted = await postAdmin("/team/delete", { team_ids: ["with-users"] });
    expect(deleted).toMatchObject({ status: 200, body: { deleted_teams: ["with-users"] } });
    expect((await callAdmin("/team/info?team_id=with-users")).status).toBe(404);
    expect((await callAdmin("/user/info?user_id=grace")).body).toMatchObject({
      user_id: "grace",
      user_info: { team_id: null },
    });
  });

  it("creates a user with a key unless asked not to", async () => {
    const user = await postAdmin("/user/new", { user_id: "ada", user_email: "ada@example.com", max_budget: 10 });
    expect(user.body).toMatchObject({ user_id: "ada", user_email: "ada@example.com", max_budget: 10 });
    expect(typeof user.body.key).toBe("string");
    expect((await chat(String(user.body.key))).spendRecords[0]?.userId).toBe("ada");
    const bare = await postAdmin("/user/new", { user_id: "bob", auto_create_key: false });
    expect(bare.body.key).toBeUndefined();
    expect((await callAdmin("/user/info?user_id=ada")).body).toMatchObject({
      user_id: "ada",
      keys: [{ user_id: "ada" }],
    });
    await postAdmin("/user/delete", { user_ids: ["ada", "bob"] });
    expect((await callAdmin("/user/info?user_id=ada")).status).toBe(404);
  });
});

describe("admin roles", () => {
  it("viewer reads but cannot write; team_admin acts only within its team; data-plane keys are refused", async () => {
    await postAdmin("/team/new", { team_id: "red" });
    await postAdmin("/team/new", { team_id: "blue" });
    const viewer = (await generate({ role: "viewer" })).body.key;
    const redAdmin = (await generate({ role: "team_admin", team_id: "red" })).body.key;
    const plain = (await generate()).body.key;

    expect((await callAdmin("/key/list", { key: viewer })).status).toBe(200);
    expect((await postAdmin("/key/generate", {}, viewer)).status).toBe(403);
    expect((await postAdmin("/config", "model_list: []", viewer)).status).toBe(403);

    const redKey = await postAdmin("/key/generate", {}, redAdmin);
    expect(redKey.status).toBe(200);
    expect(redKey.body.team_id).toBe("red");
    expect((await postAdmin("/key/generate", { team_id: "blue" }, redAdmin)).status).toBe(403);
    expect((await postAdmin("/key/generate", { role: "admin", team_id: "red" }, redAdmin)).status).toBe(403);
    expect((await postAdmin("/team/new", { team_id: "green" }, redAdmin)).status).toBe(403);
    const listed = await callAdmin("/key/list", { key: redAdmin });
    expect(listed.body.total_count).toBe(2);

    expect((await callAdmin("/key/list", { key: plain })).status).toBe(403);
  });
});
