import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { vaultCredentials } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";
import { newCredentialId, newCredentialStub } from "../../core/vault/credential-stub.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { findAgent } from "../agent-store.ts";
import { assertTeamScope, requireWriter, teamFilterFor } from "../authorize.ts";
import { readAdminBody } from "../read-body.ts";
import { sealVaultSecret } from "../vault/seal-vault-secret.ts";
import {
  assertAgentsOfTeam,
  assertCredentialNameFree,
  findLiveCredential,
  type VaultCredentialRow,
} from "../vault/vault-credential-store.ts";
import { agentCredentialView, vaultCredentialView } from "../vault/vault-credential-view.ts";
import {
  vaultCredentialCreateSchema,
  vaultCredentialListQuerySchema,
  vaultCredentialRotateSchema,
  vaultCredentialUpdateSchema,
} from "../vault/vault-schemas.ts";

/** Credentials granted to `agentId`: by id, or to every agent of the team (`*`). */
function grantedTo(agentId: string): SQL {
  return sql`exists (select 1 from json_each(${vaultCredentials.allowedAgents}) where json_each.value in (${agentId}, '*'))`;
}

function returned(row: VaultCredentialRow | undefined): VaultCredentialRow {
  if (row === undefined) throw new Error("vault credential write returned nothing");
  return row;
}

/**
 * The credential vault (`/vault/credentials/*`): secrets sealed at rest with SWITCHYARD_ENCRYPTION_KEY,
 * bound to destinations and granted to agents of the credential's team; agents get stubs, which the
 * gateway's egress proxy (`/egress/<url>`) swaps for the secret only towards a bound destination. The
 * secret is accepted on create and rotate and never returned; every write is audited by the admin
 * middleware with the secret redacted, and stamps `updated_at`, which the gateways poll.
 */
export const vaultRoutes = new Hono<AdminHonoEnv>()
  .post("/vault/credentials", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const body = await readAdminBody(c, vaultCredentialCreateSchema);
    const teamId = body.team_id ?? (actor.kind === "key" && actor.role === "team_admin" ? actor.teamId : null);
    if (teamId === null)
      throw new GatewayError("invalid_request", "Missing required parameter: 'team_id'.", { param: "team_id" });
    assertTeamScope(actor, teamId);
    const db = drizzle(c.env.DB);
    await assertCredentialNameFree(db, teamId, body.name);
    await assertAgentsOfTeam(db, teamId, body.allowed_agents);
    const id = newCredentialId();
    const now = Date.now();
    const row = await db
      .insert(vaultCredentials)
      .values({
        id,
        teamId,
        name: body.name,
        description: body.description ?? null,
        sealedSecret: await sealVaultSecret(c.env, body.secret),
        stub: newCredentialStub(id),
        destinations: body.destinations,
        injection: body.injection,
        allowedAgents: body.allowed_agents,
        createdBy: actor.label,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    return c.json(vaultCredentialView(returned(row)), 201);
  })
  .get("/vault/credentials", async (c) => {
    const parsed = vaultCredentialListQuerySchema.safeParse(c.req.query(), { reportInput: true });
    if (!parsed.success) throw zodErrorToGatewayError(parsed.error);
    const teamId = teamFilterFor(c.get("actor")) ?? parsed.data.team_id;
    const agentId = parsed.data.agent_id;
    const rows = await drizzle(c.env.DB)
      .select()
      .from(vaultCredentials)
      .where(
        and(
          isNull(vaultCredentials.deletedAt),
          teamId === undefined ? undefined : eq(vaultCredentials.teamId, teamId),
          agentId === undefined ? undefined : grantedTo(agentId),
        ),
      )
      .orderBy(asc(vaultCredentials.createdAt), asc(vaultCredentials.id));
    return c.json({ credentials: rows.map(vaultCredentialView), total_count: rows.length });
  })
  .get("/vault/credentials/:id", async (c) => {
    const row = await findLiveCredential(drizzle(c.env.DB), c.req.param("id"));
    assertTeamScope(c.get("actor"), row.teamId);
    return c.json(vaultCredentialView(row));
  })
  .patch("/vault/credentials/:id", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const db = drizzle(c.env.DB);
    const current = await findLiveCredential(db, c.req.param("id"));
    assertTeamScope(actor, current.teamId);
    const body = await readAdminBody(c, vaultCredentialUpdateSchema);
    if (body.name !== undefined) await assertCredentialNameFree(db, current.teamId, body.name, current.id);
    if (body.allowed_agents !== undefined) await assertAgentsOfTeam(db, current.teamId, body.allowed_agents);
    const row = await db
      .update(vaultCredentials)
      .set({
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.description === undefined ? {} : { description: body.description }),
        ...(body.destinations === undefined ? {} : { destinations: body.destinations }),
        ...(body.injection === undefined ? {} : { injection: body.injection }),
        ...(body.allowed_agents === undefined ? {} : { allowedAgents: body.allowed_agents }),
        updatedAt: Date.now(),
      })
      .where(eq(vaultCredentials.id, current.id))
      .returning()
      .get();
    return c.json(vaultCredentialView(returned(row)));
  })
  .post("/vault/credentials/:id/rotate", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const db = drizzle(c.env.DB);
    const current = await findLiveCredential(db, c.req.param("id"));
    assertTeamScope(actor, current.teamId);
    const body = await readAdminBody(c, vaultCredentialRotateSchema);
    const now = Date.now();
    // The stub stays: agents keep working, and the next request through the proxy carries the new secret.
    const row = await db
      .update(vaultCredentials)
      .set({ sealedSecret: await sealVaultSecret(c.env, body.secret), rotatedAt: now, updatedAt: now })
      .where(eq(vaultCredentials.id, current.id))
      .returning()
      .get();
    return c.json(vaultCredentialView(returned(row)));
  })
  .delete("/vault/credentials/:id", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const db = drizzle(c.env.DB);
    const current = await findLiveCredential(db, c.req.param("id"));
    assertTeamScope(actor, current.teamId);
    const now = Date.now();
    // The row stays, so the gateways' change poll sees the deletion; the envelope is wiped.
    await db
      .update(vaultCredentials)
      .set({ sealedSecret: "", allowedAgents: [], deletedAt: now, updatedAt: now })
      .where(eq(vaultCredentials.id, current.id));
    return c.json({ id: current.id, team_id: current.teamId, deleted: true });
  })
  .get("/agents/:id/credentials", async (c) => {
    const agent = await findAgent(drizzle(c.env.DB), c.req.param("id"));
    assertTeamScope(c.get("actor"), agent.teamId);
    const rows = await drizzle(c.env.DB)
      .select()
      .from(vaultCredentials)
      .where(and(eq(vaultCredentials.teamId, agent.teamId), isNull(vaultCredentials.deletedAt), grantedTo(agent.id)))
      .orderBy(asc(vaultCredentials.name));
    const credentials = rows.map(agentCredentialView);
    return c.json({
      agent_id: agent.id,
      credentials,
      env: Object.fromEntries(credentials.map((credential) => [credential.env_name, credential.stub])),
    });
  });
