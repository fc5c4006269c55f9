import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { StopView } from "../../../durable-objects/agent-control-rpc.ts";
import { sha256Hex } from "../../core/auth/hash-key.ts";
import { sessions, virtualKeys } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { assertTeamScope, requireWriter } from "../authorize.ts";
import { findSessionScope } from "../find-session-scope.ts";
import { actorLabel, governedAgent } from "../governance/governed-agent.ts";
import { markKillSwitch } from "../governance/mark-kill-switch.ts";
import { readAdminBody } from "../read-body.ts";

const stopBodySchema = z.strictObject({ reason: z.string().max(1000).optional() });
const sessionStopBodySchema = stopBodySchema.extend({
  /** The session's agent, for a session the D1 index has not caught up with yet. */
  agent_id: z.string().min(1).max(200).optional(),
});
const keyStopBodySchema = stopBodySchema.extend({ key: z.string().min(1) });

function stopJson(stop: StopView | null) {
  if (stop === null) return null;
  return {
    reason: stop.reason,
    detail: stop.detail,
    stopped_by: stop.stoppedBy,
    stopped_at: new Date(stop.stoppedAt).toISOString(),
  };
}

/** The session's scope and agent: from the D1 index, else the body's `agent_id` (a fresh session). */
async function governedSession(c: Context<AdminHonoEnv>, access: "read" | "write", agentHint: string | undefined) {
  const sessionId = c.req.param("id") ?? "";
  const scope = await findSessionScope(c.env.DB, c.get("actor"), sessionId, c.req.query("scope"));
  const row = await drizzle(c.env.DB)
    .select({ agentId: sessions.agentId })
    .from(sessions)
    .where(and(eq(sessions.scope, scope), eq(sessions.id, sessionId)))
    .get();
  const agentId = row?.agentId ?? agentHint;
  if (agentId === undefined || agentId === null) {
    throw new GatewayError(
      "invalid_request",
      `Session '${sessionId}' belongs to no agent; only agents' sessions are governed. Stop or block its key instead.`,
      { status: 409 },
    );
  }
  return { sessionId, scope, ...(await governedAgent(c, agentId, access)) };
}

/**
 * Kill switches (docs/decisions/0007-governance.md). An agent's traffic checks its AgentControl object on
 * every request, so a stop of an agent, an agent's key or an agent's session refuses the very next
 * request anywhere. A key without an agent is blocked instead (D1 + key change log): every gateway
 * isolate drops it within CONFIG_REFRESH_MS.
 *   POST /agents/:id/stop | /agents/:id/resume          { reason? }
 *   POST /sessions/:id/stop | /sessions/:id/resume      { reason?, agent_id? }  ?scope= as for GET /sessions/:id
 *   POST /key/stop | /key/resume                        { key (or its hash), reason? }
 *   GET  /agents/:id/control, /sessions/:id/control     what is stopped, and a session's loop-breaker counts
 */
export const killSwitchRoutes = new Hono<AdminHonoEnv>()
  .post("/agents/:id/stop", async (c) => {
    const body = await readAdminBody(c, stopBodySchema);
    const { agent, control } = await governedAgent(c, c.req.param("id"), "write");
    const result = await control.stop({
      target: { kind: "agent" },
      reason: "agent_stopped",
      detail: body.reason ?? null,
      stoppedBy: actorLabel(c),
    });
    await markKillSwitch(c, agent.id);
    return c.json({ agent_id: agent.id, stopped: true, already_stopped: result.alreadyStopped });
  })
  .post("/agents/:id/resume", async (c) => {
    await readAdminBody(c, stopBodySchema);
    const { agent, control } = await governedAgent(c, c.req.param("id"), "write");
    const result = await control.resume({ kind: "agent" });
    await markKillSwitch(c, agent.id);
    return c.json({ agent_id: agent.id, stopped: false, was_stopped: result.wasStopped });
  })
  .get("/agents/:id/control", async (c) => {
    const { agent, control } = await governedAgent(c, c.req.param("id"), "read");
    const state = await control.state();
    return c.json({
      agent_id: agent.id,
      stopped: stopJson(state.agentStop),
      stopped_keys: state.keyStops.map((stop) => ({ key_hash: stop.target.slice("key:".length), ...stopJson(stop) })),
      stopped_sessions: state.sessionStops.map((stop) => ({
        session: stop.target.slice("session:".length),
        ...stopJson(stop),
      })),
    });
  })
  .post("/sessions/:id/stop", async (c) => {
    const body = await readAdminBody(c, sessionStopBodySchema);
    const { sessionId, scope, agent, control } = await governedSession(c, "write", body.agent_id);
    const result = await control.stop({
      target: { kind: "session", scope, sessionId },
      reason: "session_stopped",
      detail: body.reason ?? null,
      stoppedBy: actorLabel(c),
    });
    await markKillSwitch(c, agent.id);
    return c.json({
      session_id: sessionId,
      scope,
      agent_id: agent.id,
      stopped: true,
      already_stopped: result.alreadyStopped,
    });
  })
  .post("/sessions/:id/resume", async (c) => {
    const body = await readAdminBody(c, sessionStopBodySchema);
    const { sessionId, scope, agent, control } = await governedSession(c, "write", body.agent_id);
    const result = await control.resume({ kind: "session", scope, sessionId });
    await markKillSwitch(c, agent.id);
    return c.json({ session_id: sessionId, scope, agent_id: agent.id, stopped: false, was_stopped: result.wasStopped });
  })
  .get("/sessions/:id/control", async (c) => {
    const { sessionId, scope, agent, control } = await governedSession(c, "read", c.req.query("agent_id"));
    const state = await control.sessionState(scope, sessionId);
    return c.json({
      session_id: sessionId,
      scope,
      agent_id: agent.id,
      stopped: stopJson(state.stop),
      steps: state.steps,
      cost_usd: state.costUsd,
    });
  })
  .post("/key/stop", (c) => setKeyStopped(c, true))
  .post("/key/resume", (c) => setKeyStopped(c, false));

async function setKeyStopped(c: Context<AdminHonoEnv>, stopped: boolean) {
  const actor = c.get("actor");
  requireWriter(actor);
  const body = await readAdminBody(c, keyStopBodySchema);
  const tokenHash = body.key.startsWith("sk-") ? await sha256Hex(body.key) : body.key;
  const db = drizzle(c.env.DB);
  const key = await db
    .select({ teamId: virtualKeys.teamId, agentId: virtualKeys.agentId })
    .from(virtualKeys)
    .where(eq(virtualKeys.tokenHash, tokenHash))
    .get();
  if (key === undefined) throw notFound("The key");
  assertTeamScope(actor, key.teamId);
  if (key.agentId === null) {
    // No per-request object to consult: blocking logs a key change, which every isolate reads within seconds.
    await db
      .update(virtualKeys)
      .set({ blocked: stopped, updatedAt: Date.now() })
      .where(eq(virtualKeys.tokenHash, tokenHash));
    return c.json({ key_hash: tokenHash, stopped, mode: "blocked" });
  }
  const control = c.env.GATEWAY.agentControl(key.agentId);
  const target = { kind: "key" as const, keyHash: tokenHash };
  if (stopped) {
    await control.stop({ target, reason: "key_stopped", detail: body.reason ?? null, stoppedBy: actorLabel(c) });
  } else {
    await control.resume(target);
  }
  await markKillSwitch(c, key.agentId);
  return c.json({ key_hash: tokenHash, agent_id: key.agentId, stopped, mode: "agent_control" });
}
