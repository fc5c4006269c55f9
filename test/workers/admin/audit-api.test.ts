import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AuditLog } from "../../../durable-objects/audit-log.ts";
import { AUDIT_LOG_NAME } from "../../../durable-objects/audit-log-rpc.ts";
import { sha256Hex } from "../../../workers/core/auth/hash-key.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";

/** Values that must never reach the audit trail in any form longer than a display prefix. */
const CANARY_KEY = "sk-auditCanaryKey0123456789abcdefWXYZ";
const CANARY_PROVIDER_SECRET = "canary-provider-secret-5d1f0e";
const CANARY_CONFIG_SECRET = "sk-canary-config-secret-0a9b8c7d6e5f";

const config = `
model_list:
  - model_name: priced
    litellm_params: { model: mock/demo, input_cost_per_token: 0.001, output_cost_per_token: 0.001 }
  - model_name: flaky
    litellm_params: { model: hosted_vllm/m, api_base: "https://vllm.test/v1", num_retries: 0 }
    model_info: { id: flaky-vllm }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

/** The same models plus one whose provider key is a literal, as JSON: the config must not reach the trail. */
const canaryConfig = JSON.stringify({
  model_list: [
    { model_name: "priced", litellm_params: { model: "mock/demo", input_cost_per_token: 0.001 } },
    { model_name: "extra", litellm_params: { model: "openai/gpt-4o", api_key: CANARY_CONFIG_SECRET } },
  ],
  general_settings: { master_key: TEST_MASTER_KEY },
});

const auditLog = () => env.AUDIT_LOG.getByName(AUDIT_LOG_NAME);

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());

beforeEach(async () => {
  await activateConfig(config);
  // The chain is append-only by design; tests start from an empty one by clearing the object's storage.
  await runInDurableObject(auditLog(), (_instance: AuditLog, state) => {
    state.storage.sql.exec("DELETE FROM entries");
  });
});

type Entry = {
  seq: number;
  action: string;
  actor: { label: string; role: string; team_id: string | null };
  target: { type: string; id: string | null };
  team_id: string | null;
  details: Record<string, unknown>;
  hash: string;
  prev_hash: string;
};

async function audit(query = "", key: string = TEST_MASTER_KEY) {
  const response = await callAdmin(`/audit${query}`, { key });
  return { status: response.status, body: response.body, entries: (response.body.entries ?? []) as Entry[] };
}

const chat = (key: string, model = "priced") =>
  callGateway("/v1/chat/completions", {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });

async function generateKey(body: Record<string, unknown>, key?: string): Promise<string> {
  const created = await postAdmin("/key/generate", body, key);
  if (created.status !== 200) throw new Error(`key/generate failed: ${JSON.stringify(created.body)}`);
  return created.body.key as string;
}

describe("admin actions in the audit trail", () => {
  it("records each successful change with its actor and target, and no secret in any form", async () => {
    expect((await callAdmin("/config?dry_run=true", { method: "POST", body: canaryConfig })).status).toBe(200);
    const activated = await callAdmin("/config?comment=rotate", { method: "POST", body: canaryConfig });
    expect(activated.status).toBe(201);
    const generated = await postAdmin("/key/generate", {
      key: CANARY_KEY,
      key_alias: "audit-canary",
      max_budget: 5,
      metadata: { note: `replaces ${CANARY_KEY}` },
    });
    expect(generated.status).toBe(200);
    expect((await postAdmin("/key/update", { key: CANARY_KEY, rpm_limit: 10 })).status).toBe(200);
    const model = await postAdmin("/model/new", {
      model_name: "canary-model",
      litellm_params: { model: "openai/gpt-4o", api_key: CANARY_PROVIDER_SECRET },
      model_info: { id: "canary-deployment" },
    });
    expect(model.status).toBe(200);
    // Refused changes are not audit entries: nothing changed.
    expect((await postAdmin("/key/generate", { key: CANARY_KEY })).status).toBe(400);
    expect((await postAdmin("/key/delete", { keys: [CANARY_KEY] })).status).toBe(200);

    const listed = await audit();
    expect(listed.status).toBe(200);
    const serialized = JSON.stringify(listed.body);
    for (const secret of [CANARY_KEY, CANARY_PROVIDER_SECRET, CANARY_CONFIG_SECRET, TEST_MASTER_KEY]) {
      expect(serialized).not.toContain(secret);
    }
    // The dry run changed nothing; the refused generate neither.
    expect(listed.entries.map((entry) => entry.action)).toEqual([
      "key.delete",
      "model.new",
      "key.update",
      "key.generate",
      "config.activate",
    ]);
    const [deleted, modelNew, updated, generate, configActivate] = listed.entries;
    const keyHash = await sha256Hex(CANARY_KEY);
    const master = { label: "master", role: "admin", team_id: null };
    expect(configActivate).toMatchObject({
      seq: 1,
      actor: master,
      target: { type: "config", id: String(activated.body.version) },
    });
    expect(configActivate?.details).toEqual({
      method: "POST",
      path: "/config",
      query: { comment: "rotate" },
      request: { bytes: canaryConfig.length },
      result: { version: activated.body.version, active: true },
    });
    expect(generate).toMatchObject({ actor: master, target: { type: "key", id: keyHash }, team_id: null });
    expect(generate?.details.request).toEqual({
      key: "sk-...WXYZ",
      key_alias: "audit-canary",
      max_budget: 5,
      metadata: { note: "replaces sk-...WXYZ" },
    });
    expect(generate?.details.result).toMatchObject({
      key_name: "sk-...WXYZ",
      key_alias: "audit-canary",
      blocked: false,
    });
    expect(updated).toMatchObject({ target: { type: "key", id: keyHash }, details: { request: { rpm_limit: 10 } } });
    expect(modelNew).toMatchObject({
      target: { type: "model", id: "canary-deployment" },
      details: {
        request: {
          model_name: "canary-model",
          litellm_params: { model: "openai/gpt-4o", api_key: "[REDACTED]" },
        },
        result: { config_version: (activated.body.version as number) + 1 },
      },
    });
    expect(deleted).toMatchObject({
      target: { type: "key", id: keyHash },
      details: { request: { keys: ["sk-...WXYZ"] } },
    });
  });

  it("attributes a team_admin's actions to its team and shows it only its team's entries", async () => {
    for (const team_id of ["red", "blue"]) expect((await postAdmin("/team/new", { team_id })).status).toBe(200);
    const redAdmin = await generateKey({ role: "team_admin", team_id: "red" });
    await generateKey({ team_id: "blue", key_alias: "blue-key" });
    await generateKey({ key_alias: "red-key" }, redAdmin);

    const redPrefix = `${redAdmin.slice(0, 3)}...${redAdmin.slice(-4)}`;
    const own = await audit("", redAdmin);
    expect(own.status).toBe(200);
    expect(own.entries.map((entry) => [entry.action, entry.team_id, entry.actor.label])).toEqual([
      ["key.generate", "red", redPrefix],
      ["key.generate", "red", "master"],
      ["team.new", "red", "master"],
    ]);
    expect(own.entries[0]?.actor).toEqual({ label: redPrefix, role: "team_admin", team_id: "red" });

    expect((await audit("?team_id=blue", redAdmin)).status).toBe(403);
    expect((await callAdmin("/audit/verify", { key: redAdmin })).status).toBe(403);
    const viewer = await generateKey({ role: "viewer" });
    expect((await audit("?team_id=blue", viewer)).entries.map((entry) => entry.action)).toEqual([
      "key.generate",
      "team.new",
    ]);
    expect((await callAdmin("/audit/verify", { key: viewer })).body).toMatchObject({ ok: true });
  });
});

describe("policy decisions in the audit trail", () => {
  it("records a budget refusal on the gateway as budget.refused, with the key and the request", async () => {
    const key = await generateKey({ key_alias: "broke", max_budget: 0 });
    const refused = await chat(key);
    expect(refused.response.status).toBe(429);

    const { entries } = await audit("?action=budget.refused");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "budget.refused",
      actor: { label: "broke", role: "key", team_id: null },
      target: { type: "key", id: await sha256Hex(key) },
      team_id: null,
    });
    expect(entries[0]?.details).toEqual({
      reason: "budget_exceeded",
      status: 429,
      message: expect.stringContaining("Budget exceeded for key broke"),
      path: "/v1/chat/completions",
      request_id: refused.response.headers.get("x-request-id"),
      key_name: `${key.slice(0, 3)}...${key.slice(-4)}`,
      count: 1,
    });
    expect(JSON.stringify(entries)).not.toContain(key);
  });

  it("coalesces a flood of one key's refusals: one entry at once, the rest as a count once the second is over", async () => {
    const key = await generateKey({ key_alias: "flood", max_budget: 0 });
    const flood = await Promise.all(Array.from({ length: 5 }, () => chat(key)));
    expect(flood.map((result) => result.response.status)).toEqual([429, 429, 429, 429, 429]);
    const counts = async () => (await audit("?action=budget.refused")).entries.map((entry) => entry.details.count);
    expect(await counts()).toEqual([1]);

    // Counts are flushed by the isolate's next refusal after the window (no timers): wait the window out.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await chat(key);
    const { entries } = await audit("?action=budget.refused");
    expect(entries.map((entry) => entry.details.count)).toEqual([1, 4, 1]);
    expect(entries[0]?.details.request_id).toBe(later.response.headers.get("x-request-id"));
    expect(new Set(entries.map((entry) => entry.target.id)).size).toBe(1);
  });

  it("records a blocked key and a denied model; not an unknown key or an upstream's own 429", async () => {
    const blocked = await generateKey({ key_alias: "blocked" });
    expect((await postAdmin("/key/block", { key: blocked })).status).toBe(200);
    expect((await chat(blocked)).response.status).toBe(401);
    const limited = await generateKey({ key_alias: "limited", models: ["flaky"] });
    expect((await chat(limited, "priced")).response.status).toBe(403);
    expect((await chat("sk-no-such-key-0000000000000000")).response.status).toBe(401);
    upstream = mockUpstreams({ "https://vllm.test": () => new Response("slow down", { status: 429 }) });
    expect((await chat(limited, "flaky")).response.status).toBe(429);

    const { entries } = await audit("?action=request.");
    expect(entries.map((entry) => [entry.action, entry.actor.label, entry.details.reason])).toEqual([
      ["request.denied", "limited", "permission_denied"],
      ["request.blocked", "blocked", "key_blocked"],
    ]);
    expect((await audit("?action=rate_limit")).entries).toEqual([]);
  });
});

describe("GET /audit", () => {
  it("filters by action prefix, actor, target and time, and pages with a cursor", async () => {
    for (const team_id of ["t-1", "t-2", "t-3"]) await postAdmin("/team/new", { team_id });
    const admin = await generateKey({ role: "admin", key_alias: "ops" });
    await postAdmin("/team/update", { team_id: "t-2", team_alias: "two" }, admin);
    const adminPrefix = `${admin.slice(0, 3)}...${admin.slice(-4)}`;

    const actions = async (query: string) => (await audit(query)).entries.map((entry) => entry.action);
    expect(await actions("?action=team")).toEqual(["team.update", "team.new", "team.new", "team.new"]);
    expect(await actions("?action=team.new&target_id=t-2")).toEqual(["team.new"]);
    expect(await actions(`?actor=${encodeURIComponent(adminPrefix)}`)).toEqual(["team.update"]);
    expect(await actions("?target_type=key")).toEqual(["key.generate"]);
    expect(await actions("?team_id=t-2")).toEqual(["team.update", "team.new"]);
    expect(await actions(`?to=${new Date(Date.UTC(2000, 0, 1)).toISOString()}`)).toEqual([]);
    expect(await actions("?from=0")).toHaveLength(5);

    const first = await audit("?limit=2");
    expect(first.entries.map((entry) => entry.seq)).toEqual([5, 4]);
    expect(first.body.next_cursor).toBe("4");
    const second = await audit("?limit=2&cursor=4");
    expect(second.entries.map((entry) => entry.seq)).toEqual([3, 2]);
    const last = await audit("?limit=2&cursor=2");
    expect(last.entries.map((entry) => entry.seq)).toEqual([1]);
    expect(last.body.next_cursor).toBeNull();
  });

  it("answers bad filters with a 400 naming the parameter", async () => {
    const badTime = await audit("?from=yesterday");
    expect(badTime.status).toBe(400);
    expect(badTime.body).toMatchObject({ error: { param: "from" } });
    const unknown = await audit("?colour=red");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { message: expect.stringContaining("colour") } });
    expect((await audit("?limit=501")).status).toBe(400);
  });
});

describe("GET /audit/verify", () => {
  it("passes on an intact chain and names the first broken entry after a row is tampered with", async () => {
    for (const team_id of ["v-1", "v-2", "v-3"]) await postAdmin("/team/new", { team_id });
    const intact = await callAdmin("/audit/verify");
    const head = (await audit("?limit=1")).entries[0];
    expect(intact).toEqual({ status: 200, body: { ok: true, count: 3, head_seq: 3, head_hash: head?.hash } });

    const second = (await audit("?target_id=v-2")).entries[0];
    await runInDurableObject(auditLog(), (_instance: AuditLog, state) => {
      state.storage.sql.exec("UPDATE entries SET actor_label = 'someone-else' WHERE seq = 2");
    });
    const broken = await callAdmin("/audit/verify");
    expect(broken.status).toBe(200);
    expect(broken.body).toEqual({
      ok: false,
      verified: 1,
      first_broken: {
        seq: 2,
        reason: "hash_mismatch",
        expected: expect.stringMatching(/^[0-9a-f]{64}$/),
        stored: second?.hash,
      },
    });
    expect((broken.body.first_broken as { expected: string }).expected).not.toBe(second?.hash);
  });
});
