import { count } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { type Context, Hono } from "hono";
import { sessions, toolCallIndex } from "../../core/db/schema.ts";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";
import { OTLP_SERVICE_NAME } from "../../core/otlp/gen-ai-spans.ts";
import { sessionTraceToOtlp } from "../../core/session/session-trace-to-otlp.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { teamFilterFor } from "../authorize.ts";
import { findSessionScope } from "../find-session-scope.ts";
import { withSessionControl } from "../governance/with-session-control.ts";
import {
  sessionListOrder,
  sessionListQuerySchema,
  sessionListWhere,
  sessionSearchOrder,
  sessionSearchQuerySchema,
  sessionSearchWhere,
  sessionView,
  toolCallSessionJoin,
} from "../session-queries.ts";

async function sessionTrace(c: Context<AdminHonoEnv>) {
  const sessionId = c.req.param("id") ?? "";
  const scope = await findSessionScope(c.env.DB, c.get("actor"), sessionId, c.req.query("scope"));
  const result = await c.env.GATEWAY.getSessionTrace(scope, sessionId);
  if (!result.ok) throw notFound(`Session '${sessionId}'`);
  return result.trace;
}

/**
 * Sessions recorded by the gateway. Listing and search read the D1 index (written by the spend queue
 * consumer, so a few seconds behind); a trace is read from the session's Durable Object through
 * AdminRpc. A team_admin sees only its team's sessions.
 *   GET /sessions                 filters: agent_id, key, team_id, from, to, status, min_cost; page, page_size
 *   GET /sessions/search          tool=<name> and/or argument=<substring>: matching tool calls, with their session
 *   GET /sessions/:id             the trace tree: turns → model calls → tool calls, cost per step and totals
 *   GET /sessions/:id/export      the same trace as OTLP/HTTP JSON (GenAI semantic conventions)
 * `:id` is the public session id; `?scope=` picks one when two tenants used the same id.
 */
export const sessionRoutes = new Hono<AdminHonoEnv>()
  .get("/sessions", async (c) => {
    const parsed = sessionListQuerySchema.safeParse(c.req.query(), { reportInput: true });
    if (!parsed.success) throw zodErrorToGatewayError(parsed.error);
    const query = parsed.data;
    const db = drizzle(c.env.DB);
    const where = sessionListWhere(query, teamFilterFor(c.get("actor")));
    const [rows, totalRow] = await Promise.all([
      db
        .select()
        .from(sessions)
        .where(where)
        .orderBy(...sessionListOrder)
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
        .all(),
      db.select({ total: count() }).from(sessions).where(where).get(),
    ]);
    const total = totalRow?.total ?? 0;
    return c.json({
      data: rows.map(sessionView),
      total,
      page: query.page,
      page_size: query.page_size,
      total_pages: Math.ceil(total / query.page_size),
    });
  })
  .get("/sessions/search", async (c) => {
    const parsed = sessionSearchQuerySchema.safeParse(c.req.query(), { reportInput: true });
    if (!parsed.success) throw zodErrorToGatewayError(parsed.error);
    const query = parsed.data;
    const rows = await drizzle(c.env.DB)
      .select({ call: toolCallIndex, session: sessions })
      .from(toolCallIndex)
      .innerJoin(sessions, toolCallSessionJoin)
      .where(sessionSearchWhere(query, teamFilterFor(c.get("actor"))))
      .orderBy(...sessionSearchOrder)
      .limit(query.page_size)
      .offset((query.page - 1) * query.page_size)
      .all();
    // One entry per session, in the order of its newest matching call; matches newest first.
    const bySession = new Map<string, ReturnType<typeof sessionView> & { matches: SearchMatch[] }>();
    for (const { call, session } of rows) {
      const key = JSON.stringify([session.scope, session.id]);
      const entry = bySession.get(key) ?? { ...sessionView(session), matches: [] };
      entry.matches.push({
        tool_call_id: call.toolCallId,
        tool_name: call.toolName,
        arguments: call.arguments,
        started_at: call.startedAt,
      });
      bySession.set(key, entry);
    }
    return c.json({ data: [...bySession.values()], page: query.page, page_size: query.page_size });
  })
  .get("/sessions/:id", async (c) => c.json(await withSessionControl(c, await sessionTrace(c))))
  .get("/sessions/:id/export", async (c) => c.json(await sessionTraceToOtlp(await sessionTrace(c), OTLP_SERVICE_NAME)));

interface SearchMatch {
  tool_call_id: string;
  tool_name: string;
  arguments: string | null;
  started_at: number;
}
