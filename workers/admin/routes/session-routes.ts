import { Hono } from "hono";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";

/** GET /sessions/:id — a session's recorded model calls, read from its Durable Object via AdminRpc. */
export const sessionRoutes = new Hono<AdminHonoEnv>().get("/sessions/:id", async (c) => {
  const result = await c.env.GATEWAY.getSessionTrace(c.req.param("id"));
  if (!result.ok) throw notFound(`Session '${c.req.param("id")}'`);
  return c.json(result.trace);
});
