import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { activateConfig } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { DEMO_GATEWAY_CONFIG } from "../../helpers/demo-gateway-config.ts";
import { auditEntries, fakeToken, newAgent, newCredential, newTeam } from "./vault-fixtures.ts";

const CREDENTIAL_FIELDS = [
  "allowed_agents",
  "created_at",
  "created_by",
  "description",
  "destinations",
  "id",
  "injection",
  "name",
  "rotated_at",
  "sealed_with",
  "stub",
  "team_id",
  "updated_at",
];

let teamId: string;

beforeEach(async () => {
  await activateConfig(DEMO_GATEWAY_CONFIG);
  teamId = await newTeam();
});

async function storedEnvelope(id: string): Promise<string> {
  const row = await env.DB.prepare("select sealed_secret from vault_credentials where id = ?").bind(id).first();
  return String(row?.sealed_secret);
}

describe("/vault/credentials", () => {
  it("creates a credential sealed at rest and never returns, logs or audits its secret", async () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) => vi.spyOn(console, level));
    const agent = await newAgent(teamId);
    const secret = fakeToken();
    const created = await postAdmin("/vault/credentials", {
      team_id: teamId,
      name: "GitHub token",
      secret,
      destinations: [{ host: "API.GitHub.com", path_prefix: "/repos/acme/", methods: ["get", "POST"] }],
      injection: { in: "header", name: "Authorization", template: "token {{secret}}" },
      allowed_agents: [agent.id],
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(CREDENTIAL_FIELDS);
    expect(created.body).toMatchObject({
      team_id: teamId,
      name: "GitHub token",
      destinations: [{ host: "api.github.com", path_prefix: "/repos/acme/", methods: ["GET", "POST"] }],
      injection: { in: "header", name: "authorization", template: "token {{secret}}" },
      allowed_agents: [agent.id],
      sealed_with: expect.stringMatching(/^[0-9a-f]{8}$/),
      created_by: "master_key",
    });
    const id = String(created.body.id);
    expect(created.body.stub).toMatch(new RegExp(`^sy_stub_${id}_[a-z0-9]{24}$`));
    const envelope = await storedEnvelope(id);
    expect(envelope).toMatch(/^enc:v1:/);
    expect(envelope).not.toContain(secret);

    const listed = await callAdmin(`/vault/credentials?team_id=${teamId}`);
    const fetched = await callAdmin(`/vault/credentials/${id}`);
    const forAgent = await callAdmin(`/agents/${agent.id}/credentials`);
    expect(fetched.body).toEqual(created.body);
    expect(listed.body).toEqual({ credentials: [created.body], total_count: 1 });
    expect(forAgent.body).toEqual({
      agent_id: agent.id,
      credentials: [
        {
          id,
          name: "GitHub token",
          stub: created.body.stub,
          env_name: "GITHUB_TOKEN",
          destinations: created.body.destinations,
          injection: created.body.injection,
        },
      ],
      env: { GITHUB_TOKEN: created.body.stub },
    });
    const [entry] = await auditEntries(`action=vault.credential.create&target_id=${id}`);
    expect(entry).toMatchObject({ target: { type: "vault", id }, team_id: teamId });
    expect(JSON.stringify(entry)).not.toContain(secret);
    for (const response of [created, listed, fetched, forAgent])
      expect(JSON.stringify(response.body)).not.toContain(secret);
    const logged = spies.flatMap((spy) => spy.mock.calls.map((call) => call.map(String).join(" ")));
    expect(logged.join("\n")).not.toContain(secret);
    for (const spy of spies) spy.mockRestore();
  });

  it("rotates the secret in place: same stub, new envelope, audited without the secret", async () => {
    const credential = await newCredential(teamId, {});
    const before = await storedEnvelope(credential.id);
    const rotated = fakeToken();
    const response = await postAdmin(`/vault/credentials/${credential.id}/rotate`, { secret: rotated });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: credential.id, stub: credential.stub, rotated_at: expect.any(Number) });
    expect(JSON.stringify(response.body)).not.toContain(rotated);
    expect(await storedEnvelope(credential.id)).not.toBe(before);
    const [entry] = await auditEntries(`action=vault.credential.rotate&target_id=${credential.id}`);
    expect(entry?.details.request).toEqual({ secret: "[REDACTED]" });
  });

  it("edits bindings and grants, and deletes by wiping the envelope", async () => {
    const agent = await newAgent(teamId);
    const credential = await newCredential(teamId, {});
    const patched = await callAdmin(`/vault/credentials/${credential.id}`, {
      method: "PATCH",
      body: JSON.stringify({ allowed_agents: [agent.id], destinations: [{ host: "*.github.com" }] }),
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ allowed_agents: [agent.id], destinations: [{ host: "*.github.com" }] });
    expect((await callAdmin(`/vault/credentials?agent_id=${agent.id}`)).body.total_count).toBe(1);
    const deleted = await callAdmin(`/vault/credentials/${credential.id}`, { method: "DELETE" });
    expect(deleted.body).toEqual({ id: credential.id, team_id: teamId, deleted: true });
    expect(await storedEnvelope(credential.id)).toBe("");
    expect((await callAdmin(`/vault/credentials/${credential.id}`)).status).toBe(404);
    expect((await callAdmin(`/agents/${agent.id}/credentials`)).body.credentials).toEqual([]);
  });

  it("rejects bad bindings, templates, secrets, grants and duplicate names with 400 naming the field", async () => {
    const base = { team_id: teamId, name: "x", secret: fakeToken(), destinations: [{ host: "api.github.com" }] };
    const header = { in: "header", name: "authorization", template: "Bearer {{secret}}" };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, injection: header, destinations: [{ host: "https://api.github.com" }] }, "destinations"],
      [{ ...base, injection: header, destinations: [] }, "destinations"],
      [{ ...base, injection: { ...header, template: "Bearer" } }, "injection"],
      [{ ...base, injection: header, secret: "short" }, "secret"],
      [{ ...base, injection: header, destinations: [{ host: "a.com", methods: ["BREW"] }] }, "destinations"],
      [{ ...base, injection: header, destinations: [{ host: "a.com", path_prefix: "/a%2f" }] }, "destinations"],
      [{ ...base, injection: header, allowed_agents: ["no-such-agent"] }, "allowed_agents"],
    ];
    for (const [body, field] of cases) {
      const response = await postAdmin("/vault/credentials", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.body)).toContain(field);
      expect(JSON.stringify(response.body)).not.toContain(String(body.secret));
    }
    expect((await postAdmin("/vault/credentials", { ...base, injection: header })).status).toBe(201);
    const duplicate = await postAdmin("/vault/credentials", { ...base, injection: header });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toMatchObject({ error: { param: "name" } });
  });

  it("keeps team_admins to their own team and viewers read-only", async () => {
    const otherTeam = await newTeam();
    const foreign = await newCredential(otherTeam, {});
    const teamAdmin = String((await postAdmin("/key/generate", { role: "team_admin", team_id: teamId })).body.key);
    const viewer = String((await postAdmin("/key/generate", { role: "viewer" })).body.key);
    const own = await postAdmin(
      "/vault/credentials",
      {
        name: "own",
        secret: fakeToken(),
        destinations: [{ host: "api.github.com" }],
        injection: { in: "query", name: "token" },
      },
      teamAdmin,
    );
    expect(own.status).toBe(201);
    expect(own.body.team_id).toBe(teamId);
    expect((await callAdmin(`/vault/credentials/${foreign.id}`, { key: teamAdmin })).status).toBe(403);
    const listed = await callAdmin("/vault/credentials", { key: teamAdmin });
    expect((listed.body.credentials as Array<{ id: string }>).map((credential) => credential.id)).toEqual([
      own.body.id,
    ]);
    const rotate = await postAdmin(`/vault/credentials/${foreign.id}/rotate`, { secret: fakeToken() }, teamAdmin);
    expect(rotate.status).toBe(403);
    expect((await callAdmin(`/vault/credentials/${foreign.id}`, { key: viewer })).status).toBe(200);
    const viewerDelete = await callAdmin(`/vault/credentials/${foreign.id}`, { method: "DELETE", key: viewer });
    expect(viewerDelete.status).toBe(403);
  });
});
