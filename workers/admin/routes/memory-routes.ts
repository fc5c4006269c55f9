import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import {
  blockNameSchema,
  listMemoryInputSchema,
  memoryTagSchema,
  saveMemoryInputSchema,
  searchMemoryInputSchema,
  type UpdateBlockResult,
} from "../../../durable-objects/agent-memory-rpc.ts";
import { agents } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { assertTeamScope, requireWriter } from "../authorize.ts";
import { readAdminBody } from "../read-body.ts";

const agentIdSchema = z.string().min(1).max(200);
const pageSchema = z.object({
  limit: z.coerce.number().pipe(listMemoryInputSchema.shape.limit.unwrap()).optional(),
  offset: z.coerce.number().pipe(listMemoryInputSchema.shape.offset.unwrap()).optional(),
});
const searchQuerySchema = z.object({
  q: searchMemoryInputSchema.shape.query.refine((query) => query.trim() !== "", "pass the search text as ?q="),
  limit: z.coerce.number().pipe(searchMemoryInputSchema.shape.limit.unwrap()).optional(),
});
const putBlockBodySchema = z.strictObject({
  schema: z.record(z.string(), z.json()).optional(),
  value: z.json(),
});

function parse<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw zodErrorToGatewayError(result.error);
  return result.data;
}

/** `?tags=a,b` and `?tags=a&tags=b` alike. */
function tagsOf(c: Context<AdminHonoEnv>): string[] | undefined {
  const values = c.req.queries("tags");
  if (values === undefined) return undefined;
  const tags = values.flatMap((value) => value.split(",")).filter((tag) => tag.trim() !== "");
  return parse(z.array(memoryTagSchema).max(20), tags);
}

/**
 * The agent's memory over AdminRpc. Reads are open to every admin role,
 * writes to writers; a team_admin only reaches agents its team owns in the
 * registry (an id with no registry row is out of its reach). The agent id is
 * the object's name: agents that exist only as keys' `agent_id` work too.
 */
async function agentMemory(c: Context<AdminHonoEnv>, access: "read" | "write") {
  const actor = c.get("actor");
  if (access === "write") requireWriter(actor);
  const agentId = parse(agentIdSchema, c.req.param("id"));
  if (actor.kind === "key" && actor.role === "team_admin") {
    const owner = await drizzle(c.env.DB)
      .select({ teamId: agents.teamId })
      .from(agents)
      .where(eq(agents.id, agentId))
      .get();
    assertTeamScope(actor, owner?.teamId ?? null);
  }
  return c.env.GATEWAY.agentMemory(agentId);
}

function blockRefusal(result: Extract<UpdateBlockResult, { ok: false }>): GatewayError {
  return new GatewayError("invalid_request", result.message, { param: result.path });
}

/**
 * Per-agent memory (durable-objects/agent-memory.ts): saved notes, scrubbed
 * of secrets and searched with FTS5, and schema-checked memory blocks. The
 * same store the agent reaches as tools at the gateway's `/mcp/memory`.
 */
export const memoryRoutes = new Hono<AdminHonoEnv>()
  .get("/agents/:id/memory", async (c) => {
    const memory = await agentMemory(c, "read");
    const page = parse(pageSchema, c.req.query());
    const tags = tagsOf(c);
    const listed = await memory.listMemory({ ...page, ...(tags === undefined ? {} : { tags }) });
    return c.json({ memories: listed.memories, total: listed.total });
  })
  .post("/agents/:id/memory", async (c) => {
    const memory = await agentMemory(c, "write");
    const body = await readAdminBody(c, saveMemoryInputSchema);
    const saved = await memory.saveMemory(body);
    if (!saved.ok) {
      throw new GatewayError(
        "invalid_request",
        `This agent already keeps ${saved.limit} memories; delete some first.`,
        {
          status: 409,
        },
      );
    }
    const { id, created, redactions } = saved;
    return c.json({ id, created, redactions, memory: saved.memory }, created ? 201 : 200);
  })
  .get("/agents/:id/memory/search", async (c) => {
    const memory = await agentMemory(c, "read");
    const query = parse(searchQuerySchema, c.req.query());
    const tags = tagsOf(c);
    const found = await memory.searchMemory({
      query: query.q,
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      ...(tags === undefined ? {} : { tags }),
    });
    return c.json({ results: found.results });
  })
  .delete("/agents/:id/memory/:memoryId", async (c) => {
    const memory = await agentMemory(c, "write");
    const memoryId = c.req.param("memoryId");
    const deleted = await memory.deleteMemory(memoryId);
    if (!deleted.ok) throw notFound(`Memory '${memoryId}'`);
    return c.json({ deleted: memoryId });
  })
  .get("/agents/:id/memory/blocks/:name", async (c) => {
    const memory = await agentMemory(c, "read");
    const name = parse(blockNameSchema, c.req.param("name"));
    const found = await memory.getBlock(name);
    if (!found.ok) throw notFound(`Memory block '${name}'`);
    return c.json(found.block);
  })
  .put("/agents/:id/memory/blocks/:name", async (c) => {
    const memory = await agentMemory(c, "write");
    const name = parse(blockNameSchema, c.req.param("name"));
    const body = await readAdminBody(c, putBlockBodySchema);
    const updated = await memory.updateBlock({
      name,
      value: body.value,
      ...(body.schema === undefined ? {} : { schema: body.schema }),
    });
    if (!updated.ok) throw blockRefusal(updated);
    return c.json(
      { ...updated.block, created: updated.created, redactions: updated.redactions },
      updated.created ? 201 : 200,
    );
  });
