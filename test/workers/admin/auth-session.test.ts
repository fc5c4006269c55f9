import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../../workers/core/auth/hash-key.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { adminCall, sessionTokenOf, signIn } from "./admin-session-client.ts";

const TWELVE_HOURS_MS = 12 * 60 * 60 * 1000;
const CSRF = { "x-switchyard-csrf": "1" };

beforeEach(async () => {
  await activateConfig(`
model_list:
  - { model_name: cheap, litellm_params: { model: mock/cheap } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
  await env.DB.batch([
    env.DB.prepare("DELETE FROM admin_sessions"),
    env.DB.prepare("DELETE FROM admin_sign_in_failures"),
  ]);
});

let teamCounter = 0;
async function newTeam(prefix: string): Promise<string> {
  teamCounter += 1;
  const teamId = `${prefix}-${teamCounter}-${crypto.randomUUID().slice(0, 8)}`;
  expect((await postAdmin("/team/new", { team_id: teamId })).status).toBe(200);
  return teamId;
}

async function newKey(body: Record<string, unknown>): Promise<string> {
  const created = await postAdmin("/key/generate", body);
  if (created.status !== 200) throw new Error(`key/generate failed: ${JSON.stringify(created.body)}`);
  return String(created.body.key);
}

const sessionRows = async () =>
  (await env.DB.prepare("SELECT token_hash, key_token_hash, expires_at FROM admin_sessions").all()).results as Array<{
    token_hash: string;
    key_token_hash: string;
    expires_at: number;
  }>;

describe("POST /auth/session", () => {
  it("trades an admin key for an HttpOnly, SameSite=Strict 12-hour cookie whose token only D1 sees hashed", async () => {
    const teamId = await newTeam("red");
    const key = await newKey({ role: "team_admin", team_id: teamId, key_alias: "red-lead" });
    const before = Date.now();
    const answer = await adminCall("/auth/session", { method: "POST", json: { key } });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      role: "team_admin",
      team_id: teamId,
      key_alias: "red-lead",
      expires_at: expect.any(Number),
    });
    expect(answer.body.expires_at).toBeGreaterThanOrEqual(before + TWELVE_HOURS_MS);
    expect(answer.body.expires_at).toBeLessThanOrEqual(Date.now() + TWELVE_HOURS_MS);
    const attributes = (answer.setCookie ?? "").split(/;\s*/);
    expect(attributes).toEqual(
      expect.arrayContaining(["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200", "Secure"]),
    );
    expect(answer.headers.get("cache-control")).toBe("no-store");

    const token = sessionTokenOf(answer.setCookie);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    expect(token).not.toContain(key);
    expect(await sessionRows()).toEqual([
      { token_hash: await sha256Hex(token), key_token_hash: await sha256Hex(key), expires_at: answer.body.expires_at },
    ]);
  });

  it("omits Secure over plain http and treats the master key as role admin", async () => {
    const answer = await adminCall("/auth/session", {
      method: "POST",
      json: { key: TEST_MASTER_KEY },
      origin: "http://localhost:8787",
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ role: "admin", team_id: null, key_alias: null });
    expect(answer.setCookie).toContain("HttpOnly");
    expect(answer.setCookie).not.toContain("Secure");
  });

  it("refuses an unknown key (401), a key without an admin role (403) and bad bodies (400, 415) without a cookie", async () => {
    const dataPlaneKey = await newKey({});
    const cases: Array<[number, Parameters<typeof adminCall>[1]]> = [
      [401, { json: { key: "sk-not-a-real-key-0000000000" } }],
      [403, { json: { key: dataPlaneKey } }],
      [400, { json: {} }],
      [400, { json: { key: 42 } }],
      [400, { json: { key: TEST_MASTER_KEY, remember: true } }],
      [400, { headers: { "content-type": "application/json" }, json: undefined }],
      [415, { headers: { "content-type": "text/plain" }, json: { key: TEST_MASTER_KEY } }],
    ];
    for (const [status, call] of cases) {
      const answer = await adminCall("/auth/session", { method: "POST", ...call });
      expect(answer.status, JSON.stringify(call)).toBe(status);
      expect(answer.body).toMatchObject({ error: { message: expect.any(String) } });
      expect(answer.setCookie).toBeNull();
    }
    const broken = await adminCall("/auth/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      json: undefined,
    });
    expect(broken.body).toMatchObject({ error: { param: "key" } });
    expect(await sessionRows()).toEqual([]);
  });
});

describe("the session cookie", () => {
  it("authenticates GET /auth/session and admin reads as its key; a bearer key still works; nothing else does", async () => {
    const key = await newKey({ role: "viewer", key_alias: "watcher" });
    const cookie = await signIn(key);

    const session = await adminCall("/auth/session", { cookie });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ role: "viewer", team_id: null, key_alias: "watcher" });
    expect(session.body.expires_at).toBe((await sessionRows())[0]?.expires_at);
    expect((await adminCall("/key/list", { cookie })).status).toBe(200);
    // A viewer's cookie is a viewer: writes are refused by role even with the CSRF header.
    expect((await adminCall("/team/new", { method: "POST", cookie, headers: CSRF, json: {} })).status).toBe(403);

    const bearer = await adminCall("/auth/session", { key });
    expect(bearer.body).toEqual({ role: "viewer", team_id: null, key_alias: "watcher", expires_at: null });
    expect((await adminCall("/auth/session")).status).toBe(401);
    const forged = await adminCall("/auth/session", { cookie: "A".repeat(43) });
    expect(forged.status).toBe(401);
    expect(forged.setCookie).toContain("Max-Age=0");
    expect((await adminCall("/key/list", { cookie: "not a token" })).status).toBe(401);
    // A key on the request wins over a cookie, and is judged on its own.
    expect((await adminCall("/key/list", { key: await newKey({}), cookie })).status).toBe(403);
    const unknown = await adminCall("/key/list", { key: "sk-unknown-unknown-unknown", cookie });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ error: { code: "invalid_api_key" } });
  });

  it("needs x-switchyard-csrf: 1 on cookie-authenticated writes; bearer writes do not", async () => {
    const cookie = await signIn(await newKey({ role: "admin" }));
    const teamId = `csrf-${crypto.randomUUID().slice(0, 8)}`;

    const refused = await adminCall("/team/new", { method: "POST", cookie, json: { team_id: teamId } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { message: expect.stringContaining("x-switchyard-csrf") } });
    const wrongValue = await adminCall("/team/new", {
      method: "POST",
      cookie,
      headers: { "x-switchyard-csrf": "yes" },
      json: { team_id: teamId },
    });
    expect(wrongValue.status).toBe(403);
    expect((await callAdmin(`/team/info?team_id=${teamId}`)).status).toBe(404);

    const allowed = await adminCall("/team/new", { method: "POST", cookie, headers: CSRF, json: { team_id: teamId } });
    expect(allowed.status).toBe(200);
    expect((await callAdmin(`/team/info?team_id=${teamId}`)).status).toBe(200);

    const bearer = await adminCall("/team/new", {
      method: "POST",
      key: TEST_MASTER_KEY,
      json: { team_id: `${teamId}-b` },
    });
    expect(bearer.status).toBe(200);
  });

  it("ends on sign-out: the row is deleted, the cookie cleared, and the old cookie refused", async () => {
    const cookie = await signIn(await newKey({ role: "admin" }));
    const other = await signIn(TEST_MASTER_KEY);

    expect((await adminCall("/auth/session", { method: "DELETE", cookie })).status).toBe(403);
    const signedOut = await adminCall("/auth/session", { method: "DELETE", cookie, headers: CSRF });
    expect(signedOut.status).toBe(204);
    expect(signedOut.setCookie).toMatch(/^switchyard_session=;/);
    expect(signedOut.setCookie).toContain("Max-Age=0");

    expect((await adminCall("/auth/session", { cookie })).status).toBe(401);
    expect((await adminCall("/key/list", { cookie })).status).toBe(401);
    expect((await sessionRows()).map((row) => row.token_hash)).toEqual([await sha256Hex(other)]);
    expect((await adminCall("/auth/session", { cookie: other })).status).toBe(200);
  });

  it("dies with its key: blocking (or deleting) the key ends all its sessions on the next request", async () => {
    const key = await newKey({ role: "admin" });
    const first = await signIn(key);
    const second = await signIn(key);
    const bystander = await signIn(TEST_MASTER_KEY);

    expect((await postAdmin("/key/block", { key })).status).toBe(200);
    const refused = await adminCall("/key/list", { cookie: first });
    expect(refused.status).toBe(401);
    expect(refused.setCookie).toContain("Max-Age=0");
    const keyHash = await sha256Hex(key);
    expect((await sessionRows()).filter((row) => row.key_token_hash === keyHash)).toEqual([]);

    // Unblocking does not bring the revoked sessions back.
    expect((await postAdmin("/key/unblock", { key })).status).toBe(200);
    expect((await adminCall("/key/list", { cookie: second })).status).toBe(401);
    expect((await adminCall("/key/list", { cookie: bystander })).status).toBe(200);

    const third = await signIn(key);
    expect((await postAdmin("/key/delete", { keys: [key] })).status).toBe(200);
    expect((await adminCall("/auth/session", { cookie: third })).status).toBe(401);
  });

  it("expires after its 12 hours", async () => {
    const cookie = await signIn(TEST_MASTER_KEY);
    await env.DB.prepare("UPDATE admin_sessions SET expires_at = ? WHERE token_hash = ?")
      .bind(Date.now() - 1, await sha256Hex(cookie))
      .run();
    const answer = await adminCall("/auth/session", { cookie });
    expect(answer.status).toBe(401);
    expect(answer.setCookie).toContain("Max-Age=0");
  });

  it("limits a team_admin's cookie to its own team, like its key", async () => {
    const red = await newTeam("red");
    const blue = await newTeam("blue");
    const redAdmin = await newKey({ role: "team_admin", team_id: red });
    await newKey({ team_id: red, key_alias: "red-worker" });
    await newKey({ team_id: blue, key_alias: "blue-worker" });
    const cookie = await signIn(redAdmin);

    const listed = await adminCall("/key/list?return_full_object=true", { cookie });
    const teams = (listed.body.keys as Array<{ team_id: string }>).map((row) => row.team_id);
    expect(teams.length).toBe(2);
    expect(new Set(teams)).toEqual(new Set([red]));
    expect((await adminCall(`/team/info?team_id=${blue}`, { cookie })).status).toBe(403);
    const foreignKey = await adminCall("/key/generate", {
      method: "POST",
      cookie,
      headers: CSRF,
      json: { team_id: blue },
    });
    expect(foreignKey.status).toBe(403);
  });
});

describe("sign-in throttling and audit", () => {
  it("refuses an address after 10 failures (even with a good key) while others sign in; audits without the key", async () => {
    const attacker = "198.51.100.7";
    const guess = "sk-guessedKeyThatIsLongEnough0123";
    for (let attempt = 0; attempt < 10; attempt++) {
      const answer = await adminCall("/auth/session", {
        method: "POST",
        json: { key: `${guess}${attempt}` },
        headers: { "cf-connecting-ip": attacker },
      });
      expect(answer.status).toBe(401);
    }
    const throttled = await adminCall("/auth/session", {
      method: "POST",
      json: { key: TEST_MASTER_KEY },
      headers: { "cf-connecting-ip": attacker },
    });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(throttled.setCookie).toBeNull();
    expect(await signIn(TEST_MASTER_KEY, "192.0.2.44")).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const refusals = await callAdmin("/audit?action=auth.session.refused&limit=500");
    const entries = refusals.body.entries as Array<{ actor: { label: string }; details: Record<string, unknown> }>;
    const fromAttacker = entries.filter((entry) => entry.details.client_ip === attacker);
    expect(fromAttacker).toHaveLength(10);
    expect(fromAttacker.every((entry) => entry.details.reason === "unknown_key")).toBe(true);
    expect(fromAttacker.every((entry) => entry.actor.label === "anonymous")).toBe(true);
    expect(JSON.stringify(refusals.body)).not.toContain(guess.slice(3, 20));

    const signIns = await callAdmin("/audit?action=auth.session.create&limit=500");
    const created = (
      signIns.body.entries as Array<{ actor: { label: string }; details: Record<string, unknown> }>
    ).filter((entry) => entry.details.client_ip === "192.0.2.44");
    expect(created.map((entry) => entry.actor.label)).toEqual(["master"]);
    expect(JSON.stringify(signIns.body)).not.toContain(TEST_MASTER_KEY);
  });

  it("audits a data-plane key's attempt by its display prefix, and sign-out as auth.session.delete", async () => {
    const dataPlaneKey = await newKey({ key_alias: "worker" });
    const answer = await adminCall("/auth/session", {
      method: "POST",
      json: { key: dataPlaneKey },
      headers: { "cf-connecting-ip": "192.0.2.99" },
    });
    expect(answer.status).toBe(403);
    const refusals = await callAdmin("/audit?action=auth.session.refused&limit=500");
    const entry = (refusals.body.entries as Array<{ actor: { label: string }; details: Record<string, unknown> }>).find(
      (candidate) => candidate.details.client_ip === "192.0.2.99",
    );
    expect(entry).toMatchObject({
      actor: { label: `sk-...${dataPlaneKey.slice(-4)}` },
      details: { reason: "no_admin_role" },
    });
    expect(JSON.stringify(refusals.body)).not.toContain(dataPlaneKey);

    const cookie = await signIn(TEST_MASTER_KEY);
    expect((await adminCall("/auth/session", { method: "DELETE", cookie, headers: CSRF })).status).toBe(204);
    const signOuts = await callAdmin("/audit?action=auth.session.delete");
    expect((signOuts.body.entries as unknown[]).length).toBeGreaterThanOrEqual(1);
  });
});
