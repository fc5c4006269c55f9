import { and, asc, count, eq, isNull, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { z } from "zod";
import { agents, agentVersions, teams, virtualKeys } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { agentConnectConfig } from "../agent-connect-config.ts";
import {
  agentColumnsOf,
  agentDefinitionOf,
  initialAgentDefinition,
  updatedAgentDefinition,
} from "../agent-definition.ts";
import { diffAgentDefinitions, isEmptyDiff } from "../agent-definition-diff.ts";
import { assertNoSecretsInEnv } from "../agent-env-secrets.ts";
import { agentGatewayBaseUrl } from "../agent-gateway-base-url.ts";
import {
  agentConnectQuerySchema,
  agentCreateSchema,
  agentListQuerySchema,
  agentUpdateSchema,
  agentVersionNumberSchema,
} from "../agent-schemas.ts";
import { assertAgentNameFree, findAgent, findLiveAgent, isConstraintViolation, newAgentKey } from "../agent-store.ts";
import { agentVersionView, agentView } from "../agent-view.ts";
import { assertTeamScope, requireWriter, teamFilterFor } from "../authorize.ts";
import { keyView } from "../key-view.ts";
import { readAdminBody } from "../read-body.ts";

function parseQuery<Schema extends z.ZodType>(schema: Schema, query: Record<string, string>): z.infer<Schema> {
  const result = schema.safeParse(query, { reportInput: true });
  if (!result.success) throw zodErrorToGatewayError(result.error);
  return result.data;
}

function versionParam(value: string, name: string): number {
  const result = agentVersionNumberSchema.safeParse(value);
  if (!result.success)
    throw new GatewayError("invalid_request", `'${name}' must be a version number.`, { param: name });
  return result.data;
}

/** Two writers racing on the same agent: one wins, the other hears it rather than seeing a 500. */
function conflictError(thrown: unknown, message: string): unknown {
  return isConstraintViolation(thrown) ? new GatewayError("invalid_request", message) : thrown;
}

/**
 * The agent registry (`/agents/*`). An agent is a definition (harness, model, prompt, tools, limits,
 * env, tags, trace policy) kept as immutable versions, plus its virtual keys: traffic with them is
 * the agent's, charged to its team and to the agent's own budget scope.
 */
export const agentRoutes = new Hono<AdminHonoEnv>()
  .post("/agents", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const body = await readAdminBody(c, agentCreateSchema);
    const teamId = body.team_id ?? (actor.kind === "key" && actor.role === "team_admin" ? actor.teamId : null);
    if (teamId === null)
      throw new GatewayError("invalid_request", "Missing required parameter: 'team_id'.", { param: "team_id" });
    assertTeamScope(actor, teamId);
    assertNoSecretsInEnv(body.env);
    const db = drizzle(c.env.DB);
    if ((await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).get()) === undefined) {
      throw new GatewayError("invalid_request", `Team '${teamId}' does not exist.`, { param: "team_id" });
    }
    const agentId = body.agent_id ?? crypto.randomUUID();
    if ((await db.select({ id: agents.id }).from(agents).where(eq(agents.id, agentId)).get()) !== undefined) {
      throw new GatewayError("invalid_request", `Agent '${agentId}' already exists.`, { param: "agent_id" });
    }
    await assertAgentNameFree(db, teamId, body.name);
    const definition = initialAgentDefinition(body, teamId);
    const { key, row: keyRow } = await newAgentKey({ id: agentId, teamId, name: definition.name }, actor.label);
    const now = Date.now();
    const [[agent], , [issued]] = await db
      .batch([
        db
          .insert(agents)
          .values({
            id: agentId,
            ...agentColumnsOf(definition),
            currentVersion: 1,
            createdBy: actor.label,
            createdAt: now,
          })
          .returning(),
        db.insert(agentVersions).values({
          agentId,
          version: 1,
          definition,
          createdBy: actor.label,
          comment: body.comment ?? null,
          createdAt: now,
        }),
        db.insert(virtualKeys).values(keyRow).returning(),
      ])
      .catch((thrown: unknown) => {
        throw conflictError(thrown, `Team '${teamId}' already has an agent named '${definition.name}'.`);
      });
    if (agent === undefined || issued === undefined) throw new Error("agent insert returned nothing");
    // The key is shown here and at rotation only; D1 keeps its SHA-256.
    return c.json({ ...agentView(agent), key, key_info: keyView(issued) });
  })
  .get("/agents", async (c) => {
    const query = parseQuery(agentListQuerySchema, c.req.query());
    const page = query.page ?? 1;
    const size = query.size ?? 50;
    const teamId = teamFilterFor(c.get("actor")) ?? query.team_id;
    const filters: SQL | undefined = and(
      teamId === undefined ? undefined : eq(agents.teamId, teamId),
      query.harness === undefined ? undefined : eq(agents.harness, query.harness),
      query.tag === undefined
        ? undefined
        : sql`exists (select 1 from json_each(${agents.tags}) where json_each.value = ${query.tag})`,
      query.include_deleted === "true" ? undefined : isNull(agents.deletedAt),
    );
    const db = drizzle(c.env.DB);
    const [rows, totals] = await Promise.all([
      db
        .select()
        .from(agents)
        .where(filters)
        .orderBy(asc(agents.createdAt), asc(agents.id))
        .limit(size)
        .offset((page - 1) * size),
      db.select({ total: count() }).from(agents).where(filters),
    ]);
    const total = totals[0]?.total ?? 0;
    return c.json({
      agents: rows.map(agentView),
      total_count: total,
      current_page: page,
      total_pages: Math.ceil(total / size),
    });
  })
  .get("/agents/:id", async (c) => {
    const db = drizzle(c.env.DB);
    const agent = await findAgent(db, c.req.param("id"));
    assertTeamScope(c.get("actor"), agent.teamId);
    const keys = await db
      .select()
      .from(virtualKeys)
      .where(eq(virtualKeys.agentId, agent.id))
      .orderBy(asc(virtualKeys.createdAt));
    return c.json({
      ...agentView(agent),
      keys: keys.map((row) => ({ token: row.tokenHash, key_name: row.keyPrefix, blocked: row.blocked })),
    });
  })
  .patch("/agents/:id", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const body = await readAdminBody(c, agentUpdateSchema);
    const db = drizzle(c.env.DB);
    const current = await findLiveAgent(db, c.req.param("id"));
    assertTeamScope(actor, current.teamId);
    assertNoSecretsInEnv(body.env);
    const before = agentDefinitionOf(current);
    const after = updatedAgentDefinition(before, body);
    // Sending what is already there makes no version: versions are changes.
    if (isEmptyDiff(diffAgentDefinitions(before, after))) return c.json(agentView(current));
    if (after.name !== before.name) await assertAgentNameFree(db, current.teamId, after.name, current.id);
    const version = current.currentVersion + 1;
    const now = Date.now();
    const [, [updated]] = await db
      .batch([
        // The primary key (agent_id, version) turns a concurrent update into a failed batch, not a lost version.
        db.insert(agentVersions).values({
          agentId: current.id,
          version,
          definition: after,
          createdBy: actor.label,
          comment: body.comment ?? null,
          createdAt: now,
        }),
        db
          .update(agents)
          .set({ ...agentColumnsOf(after), currentVersion: version, updatedAt: now })
          .where(and(eq(agents.id, current.id), eq(agents.currentVersion, current.currentVersion)))
          .returning(),
      ])
      .catch((thrown: unknown) => {
        throw conflictError(
          thrown,
          `Agent '${current.id}' changed while this update was applied (or its new name is taken); retry.`,
        );
      });
    if (updated === undefined) throw new Error("agent update returned nothing");
    return c.json(agentView(updated));
  })
  .delete("/agents/:id", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const db = drizzle(c.env.DB);
    const agent = await findLiveAgent(db, c.req.param("id"));
    assertTeamScope(actor, agent.teamId);
    const now = Date.now();
    // Soft delete keeps spend and traces attributable; blocking the keys (logged by trigger) stops them everywhere.
    const [, blocked] = await db.batch([
      db.update(agents).set({ deletedAt: now, updatedAt: now }).where(eq(agents.id, agent.id)),
      db
        .update(virtualKeys)
        .set({ blocked: true, updatedAt: now })
        .where(eq(virtualKeys.agentId, agent.id))
        .returning({ token: virtualKeys.tokenHash }),
    ]);
    return c.json({
      agent_id: agent.id,
      deleted_at: new Date(now).toISOString(),
      blocked_keys: blocked.map((row) => row.token),
    });
  })
  .get("/agents/:id/versions", async (c) => {
    const db = drizzle(c.env.DB);
    const agent = await findAgent(db, c.req.param("id"));
    assertTeamScope(c.get("actor"), agent.teamId);
    const rows = await db
      .select()
      .from(agentVersions)
      .where(eq(agentVersions.agentId, agent.id))
      .orderBy(asc(agentVersions.version));
    return c.json({ agent_id: agent.id, current_version: agent.currentVersion, versions: rows.map(agentVersionView) });
  })
  .get("/agents/:id/versions/:from/diff/:to", async (c) => {
    const from = versionParam(c.req.param("from"), "from");
    const to = versionParam(c.req.param("to"), "to");
    const db = drizzle(c.env.DB);
    const agent = await findAgent(db, c.req.param("id"));
    assertTeamScope(c.get("actor"), agent.teamId);
    const definitionAt = async (version: number) => {
      const row = await db
        .select({ definition: agentVersions.definition })
        .from(agentVersions)
        .where(and(eq(agentVersions.agentId, agent.id), eq(agentVersions.version, version)))
        .get();
      if (row === undefined) throw notFound(`Version ${version} of agent '${agent.id}'`);
      return row.definition;
    };
    const [older, newer] = await Promise.all([definitionAt(from), definitionAt(to)]);
    return c.json({ agent_id: agent.id, from, to, ...diffAgentDefinitions(older, newer) });
  })
  .post("/agents/:id/keys/rotate", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const db = drizzle(c.env.DB);
    const agent = await findLiveAgent(db, c.req.param("id"));
    assertTeamScope(actor, agent.teamId);
    const { key, row } = await newAgentKey(agent, actor.label);
    const now = Date.now();
    // Every key of the agent still working is blocked in the same batch the new one is issued in.
    const [blocked, [issued]] = await db.batch([
      db
        .update(virtualKeys)
        .set({ blocked: true, updatedAt: now })
        .where(and(eq(virtualKeys.agentId, agent.id), eq(virtualKeys.blocked, false)))
        .returning({ token: virtualKeys.tokenHash }),
      db.insert(virtualKeys).values(row).returning(),
    ]);
    if (issued === undefined) throw new Error("key insert returned nothing");
    return c.json({
      agent_id: agent.id,
      key,
      key_info: keyView(issued),
      blocked_keys: blocked.map((blockedRow) => blockedRow.token),
    });
  })
  .get("/agents/:id/connect", async (c) => {
    const query = parseQuery(agentConnectQuerySchema, c.req.query());
    const agent = await findLiveAgent(drizzle(c.env.DB), c.req.param("id"));
    assertTeamScope(c.get("actor"), agent.teamId);
    return c.json(
      agentConnectConfig({
        agentId: agent.id,
        harness: query.harness ?? agent.harness,
        baseUrl: agentGatewayBaseUrl(query.base_url, c.env, c.req.url),
        model: agent.defaultModel,
        env: agent.env,
      }),
    );
  });
