import { asc, eq, isNull, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { mcpServers } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { readConfigKeyring } from "../../core/secrets/read-config-keyring.ts";
import { sealSecret } from "../../core/secrets/secret-envelope.ts";
import {
  checkOutboundUrl,
  describeOutboundDenial,
  outboundUrlPolicyFrom,
} from "../../core/security/outbound-url-policy.ts";
import type { AdminActor, AdminEnv, AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { secretKindOf } from "../agent-env-secrets.ts";
import { assertTeamScope, requireAdmin, requireWriter, teamFilterFor } from "../authorize.ts";
import { DEFAULT_MCP_TIMEOUT_MS, mcpServerCreateSchema, mcpServerUpdateSchema } from "../mcp-server-schemas.ts";
import { readAdminBody } from "../read-body.ts";

type McpServerRow = typeof mcpServers.$inferSelect;

/** What the admin API shows of a server: credential names, never their values. */
function mcpServerView(row: McpServerRow) {
  return {
    name: row.name,
    url: row.url,
    description: row.description,
    team_id: row.teamId,
    headers: row.headers,
    credential_headers: Object.keys(row.credentials),
    timeout_ms: row.timeoutMs,
    gateway_path: `/mcp/${row.name}`,
    created_by: row.createdBy,
    created_at: new Date(row.createdAt).toISOString(),
    updated_at: row.updatedAt === null ? null : new Date(row.updatedAt).toISOString(),
  };
}

/** A server for every team needs an admin; a team's own server, its team_admin. */
function assertMayWrite(actor: AdminActor, teamId: string | null): void {
  requireWriter(actor);
  if (teamId === null) requireAdmin(actor);
  else assertTeamScope(actor, teamId);
}

function assertUrlAllowed(url: string, env: AdminEnv): void {
  const verdict = checkOutboundUrl(url, outboundUrlPolicyFrom(env));
  if (!verdict.ok) {
    throw new GatewayError("invalid_request", `'url' is ${describeOutboundDenial(verdict)}`, { param: "url" });
  }
}

/** Plain headers are shown to every reader, so a value that looks like a credential is refused. */
function assertPlainHeaders(headers: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(headers ?? {})) {
    const kind = secretKindOf(value);
    if (kind === undefined) continue;
    throw new GatewayError(
      "invalid_request",
      `Header '${name}' looks like a secret (${kind}); put it under 'credentials', which are stored encrypted.`,
      { param: `headers.${name}` },
    );
  }
}

/** Credentials sealed with SWITCHYARD_ENCRYPTION_KEY; without the key they are refused, never stored in plain text. */
async function sealCredentials(credentials: Record<string, string>, env: AdminEnv): Promise<Record<string, string>> {
  if (Object.keys(credentials).length === 0) return {};
  const keyring = await readConfigKeyring(env);
  if (keyring === undefined) {
    throw new GatewayError(
      "invalid_request",
      "Server credentials are stored encrypted, and SWITCHYARD_ENCRYPTION_KEY is not set. Set that secret (the " +
        "same value on the admin and gateway workers) to register credentials.",
      { param: "credentials" },
    );
  }
  const sealed: Record<string, string> = {};
  for (const [name, value] of Object.entries(credentials)) sealed[name] = await sealSecret(value, keyring.current);
  return sealed;
}

async function findServer(env: AdminEnv, name: string): Promise<McpServerRow> {
  const row = await drizzle(env.DB).select().from(mcpServers).where(eq(mcpServers.name, name)).get();
  if (row === undefined) throw notFound(`MCP server '${name}'`);
  return row;
}

/**
 * The upstream MCP server registry (`/mcp_servers/*`): agents reach a server at the gateway's
 * `/mcp/<name>` when their definition lists it in `allowed_mcp_servers`, under their tool policy
 * (tool-policy-routes.ts). Writes are logged to mcp_policy_changes by trigger, so gateways pick them up
 * within CONFIG_REFRESH_MS.
 */
export const mcpServerRoutes = new Hono<AdminHonoEnv>()
  .post("/mcp_servers", async (c) => {
    const actor = c.get("actor");
    const body = await readAdminBody(c, mcpServerCreateSchema);
    const teamId = body.team_id ?? (actor.kind === "key" && actor.role === "team_admin" ? actor.teamId : null);
    assertMayWrite(actor, teamId);
    assertUrlAllowed(body.url, c.env);
    assertPlainHeaders(body.headers);
    const db = drizzle(c.env.DB);
    if (
      (await db.select({ name: mcpServers.name }).from(mcpServers).where(eq(mcpServers.name, body.name)).get()) !==
      undefined
    )
      throw new GatewayError("invalid_request", `MCP server '${body.name}' already exists.`, { param: "name" });
    const [row] = await db
      .insert(mcpServers)
      .values({
        name: body.name,
        url: body.url,
        description: body.description ?? null,
        teamId,
        headers: body.headers ?? {},
        credentials: await sealCredentials(body.credentials ?? {}, c.env),
        timeoutMs: body.timeout_ms ?? DEFAULT_MCP_TIMEOUT_MS,
        createdBy: actor.label,
        createdAt: Date.now(),
      })
      .returning();
    if (row === undefined) throw new Error("mcp server insert returned nothing");
    return c.json(mcpServerView(row));
  })
  .get("/mcp_servers", async (c) => {
    const team = teamFilterFor(c.get("actor"));
    const rows = await drizzle(c.env.DB)
      .select()
      .from(mcpServers)
      .where(team === undefined ? undefined : or(isNull(mcpServers.teamId), eq(mcpServers.teamId, team)))
      .orderBy(asc(mcpServers.name));
    return c.json({ mcp_servers: rows.map(mcpServerView) });
  })
  .get("/mcp_servers/:name", async (c) => {
    const row = await findServer(c.env, c.req.param("name"));
    if (row.teamId !== null) assertTeamScope(c.get("actor"), row.teamId);
    return c.json(mcpServerView(row));
  })
  .patch("/mcp_servers/:name", async (c) => {
    const actor = c.get("actor");
    const body = await readAdminBody(c, mcpServerUpdateSchema);
    const current = await findServer(c.env, c.req.param("name"));
    assertMayWrite(actor, current.teamId);
    const teamId = body.team_id === undefined ? current.teamId : body.team_id;
    if (teamId !== current.teamId) assertMayWrite(actor, teamId);
    if (body.url !== undefined) assertUrlAllowed(body.url, c.env);
    assertPlainHeaders(body.headers);
    const [row] = await drizzle(c.env.DB)
      .update(mcpServers)
      .set({
        ...(body.url === undefined ? {} : { url: body.url }),
        ...(body.description === undefined ? {} : { description: body.description }),
        teamId,
        ...(body.headers === undefined ? {} : { headers: body.headers }),
        ...(body.credentials === undefined ? {} : { credentials: await sealCredentials(body.credentials, c.env) }),
        ...(body.timeout_ms === undefined ? {} : { timeoutMs: body.timeout_ms }),
        updatedAt: Date.now(),
      })
      .where(eq(mcpServers.name, current.name))
      .returning();
    if (row === undefined) throw notFound(`MCP server '${current.name}'`);
    return c.json(mcpServerView(row));
  })
  .delete("/mcp_servers/:name", async (c) => {
    const current = await findServer(c.env, c.req.param("name"));
    assertMayWrite(c.get("actor"), current.teamId);
    await drizzle(c.env.DB).delete(mcpServers).where(eq(mcpServers.name, current.name));
    return c.json({ name: current.name, deleted: true });
  });
