import { and, desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { z } from "zod";
import { toolPolicies } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { ALLOW_ALL_TOOL_POLICY, toolPolicySchema } from "../../core/governance/tool-policy-schema.ts";
import type { AdminActor, AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { findAgent, findLiveAgent, isConstraintViolation } from "../agent-store.ts";
import { assertTeamScope, requireWriter } from "../authorize.ts";
import { readAdminBody } from "../read-body.ts";

type Database = ReturnType<typeof drizzle>;
type ToolPolicyRow = typeof toolPolicies.$inferSelect;

/** PUT body: the whole policy (it replaces the current one as a new version), and an optional comment. */
const toolPolicyPutSchema = toolPolicySchema.extend({ comment: z.string().max(1000).optional() });

function toolPolicyView(row: ToolPolicyRow) {
  return {
    agent_id: row.agentId,
    version: row.version,
    policy: toolPolicySchema.parse(row.policy),
    comment: row.comment,
    created_by: row.createdBy,
    created_at: new Date(row.createdAt).toISOString(),
  };
}

/** The agent whose policy the request reads, once the actor may see its team. */
async function readableAgent(db: Database, actor: AdminActor, agentId: string) {
  const agent = await findAgent(db, agentId);
  assertTeamScope(actor, agent.teamId);
  return agent;
}

/** An agent's policy versions, newest first. */
function versionsNewestFirst(db: Database, agentId: string) {
  return db.select().from(toolPolicies).where(eq(toolPolicies.agentId, agentId)).orderBy(desc(toolPolicies.version));
}

/**
 * An agent's MCP tool policy (`/agents/:id/tool_policy`), versioned: every PUT stores a new immutable
 * version, logged to mcp_policy_changes by trigger, so gateways apply it within CONFIG_REFRESH_MS; every
 * tool call's trace names the version it was judged by. Version 0 is the implicit policy of an agent that
 * never had one: every tool of the servers in its allowed_mcp_servers.
 */
export const toolPolicyRoutes = new Hono<AdminHonoEnv>()
  .get("/agents/:id/tool_policy", async (c) => {
    const db = drizzle(c.env.DB);
    const agent = await readableAgent(db, c.get("actor"), c.req.param("id"));
    const row = await versionsNewestFirst(db, agent.id).get();
    if (row !== undefined) return c.json({ ...toolPolicyView(row), allowed_mcp_servers: agent.allowedMcpServers });
    return c.json({
      agent_id: agent.id,
      version: 0,
      policy: ALLOW_ALL_TOOL_POLICY,
      comment: null,
      created_by: null,
      created_at: null,
      allowed_mcp_servers: agent.allowedMcpServers,
    });
  })
  .put("/agents/:id/tool_policy", async (c) => {
    const actor = c.get("actor");
    requireWriter(actor);
    const { comment, ...policy } = await readAdminBody(c, toolPolicyPutSchema);
    const db = drizzle(c.env.DB);
    const agent = await findLiveAgent(db, c.req.param("id"));
    assertTeamScope(actor, agent.teamId);
    const latest = await versionsNewestFirst(db, agent.id).get();
    const [row] = await db
      .insert(toolPolicies)
      .values({
        agentId: agent.id,
        version: (latest?.version ?? 0) + 1,
        policy,
        createdBy: actor.label,
        comment: comment ?? null,
        createdAt: Date.now(),
      })
      .returning()
      .catch((thrown: unknown) => {
        // The primary key (agent_id, version) turns a concurrent edit into a refused one, not a lost one.
        throw isConstraintViolation(thrown)
          ? new GatewayError("invalid_request", `The tool policy of '${agent.id}' changed meanwhile; retry.`)
          : thrown;
      });
    if (row === undefined) throw new Error("tool policy insert returned nothing");
    return c.json({ ...toolPolicyView(row), team_id: agent.teamId });
  })
  .get("/agents/:id/tool_policy/versions", async (c) => {
    const db = drizzle(c.env.DB);
    const agent = await readableAgent(db, c.get("actor"), c.req.param("id"));
    const rows = await versionsNewestFirst(db, agent.id).limit(100);
    return c.json({ agent_id: agent.id, versions: rows.map(toolPolicyView) });
  })
  .get("/agents/:id/tool_policy/versions/:version", async (c) => {
    const version = z.coerce.number().int().min(1).safeParse(c.req.param("version"));
    if (!version.success) throw new GatewayError("invalid_request", "'version' must be a version number.");
    const db = drizzle(c.env.DB);
    const agent = await readableAgent(db, c.get("actor"), c.req.param("id"));
    const row = await db
      .select()
      .from(toolPolicies)
      .where(and(eq(toolPolicies.agentId, agent.id), eq(toolPolicies.version, version.data)))
      .get();
    if (row === undefined) throw notFound(`Version ${version.data} of the tool policy of '${agent.id}'`);
    return c.json(toolPolicyView(row));
  });
