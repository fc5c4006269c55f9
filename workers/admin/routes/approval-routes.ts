import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ApprovalView } from "../../../durable-objects/agent-control-rpc.ts";
import { agents } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { teamFilterFor } from "../authorize.ts";
import { actorLabel, governedAgent } from "../governance/governed-agent.ts";
import { readAdminBody } from "../read-body.ts";

/** Approval ids name the agent whose object holds them: `apr_<24 hex>_<agent id>`. */
const APPROVAL_ID = /^apr_[0-9a-f]{24}_(.+)$/;
/** A team's agents are asked in parallel; a listing reaches at most this many. */
const MAX_AGENTS_LISTED = 200;

const listQuerySchema = z.strictObject({
  status: z.enum(["pending", "approved", "rejected", "timed_out", "all"]).default("pending"),
  agent_id: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const decisionBodySchema = z.strictObject({ reason: z.string().max(1000).optional() });

function approvalJson(approval: ApprovalView, agent: { name: string; teamId: string }) {
  return {
    id: approval.id,
    status: approval.status,
    kind: approval.kind,
    subject: approval.subject,
    detail: approval.detail === null ? null : (JSON.parse(approval.detail) as unknown),
    agent_id: approval.agentId,
    agent_name: agent.name,
    team_id: agent.teamId,
    session_id: approval.sessionId,
    scope: approval.scope,
    requested_at: new Date(approval.requestedAt).toISOString(),
    expires_at: new Date(approval.expiresAt).toISOString(),
    decided_at: approval.decidedAt === null ? null : new Date(approval.decidedAt).toISOString(),
    decided_by: approval.decidedBy,
    reason: approval.reason,
  };
}

async function decide(c: Context<AdminHonoEnv>, decision: "approved" | "rejected") {
  const approvalId = c.req.param("id") ?? "";
  const agentId = APPROVAL_ID.exec(approvalId)?.[1];
  if (agentId === undefined) throw notFound(`Approval '${approvalId}'`);
  const body = await readAdminBody(c, decisionBodySchema);
  const { agent, control } = await governedAgent(c, agentId, "write");
  const result = await control.decideApproval({
    approvalId,
    decision,
    decidedBy: actorLabel(c),
    reason: body.reason ?? null,
  });
  if (result.ok) return c.json(approvalJson(result.approval, agent));
  if (result.reason === "not_found") throw notFound(`Approval '${approvalId}'`);
  throw new GatewayError("invalid_request", `Approval '${approvalId}' is already ${result.status}.`, { status: 409 });
}

/**
 * Calls held for a human (docs/decisions/0007-governance.md). Each approval lives in its agent's
 * AgentControl object; a listing asks every agent the actor may see, in parallel.
 *   GET  /approvals                 ?status=pending (default) | approved | rejected | timed_out | all, ?agent_id=
 *   POST /approvals/:id/approve     { reason? }  releases the held call
 *   POST /approvals/:id/reject      { reason? }  the agent gets a clear refusal with the reason
 */
export const approvalRoutes = new Hono<AdminHonoEnv>()
  .get("/approvals", async (c) => {
    const parsed = listQuerySchema.safeParse(c.req.query(), { reportInput: true });
    if (!parsed.success) throw zodErrorToGatewayError(parsed.error);
    const query = parsed.data;
    const teamFilter = teamFilterFor(c.get("actor"));
    const visible = await drizzle(c.env.DB)
      .select({ id: agents.id, name: agents.name, teamId: agents.teamId })
      .from(agents)
      .where(
        and(
          isNull(agents.deletedAt),
          teamFilter === undefined ? undefined : eq(agents.teamId, teamFilter),
          query.agent_id === undefined ? undefined : eq(agents.id, query.agent_id),
        ),
      )
      .limit(MAX_AGENTS_LISTED)
      .all();
    const status = query.status === "all" ? null : query.status;
    const perAgent = await Promise.all(
      visible.map(async (agent) => {
        const approvals = await c.env.GATEWAY.agentControl(agent.id).listApprovals(status, query.limit);
        return approvals.map((approval) => approvalJson(approval, agent));
      }),
    );
    const data = perAgent
      .flat()
      .sort((left, right) => right.requested_at.localeCompare(left.requested_at))
      .slice(0, query.limit);
    return c.json({ data, total: data.length });
  })
  .post("/approvals/:id/approve", (c) => decide(c, "approved"))
  .post("/approvals/:id/reject", (c) => decide(c, "rejected"));
