import { Hono } from "hono";
import { z } from "zod";
import type { AuditEntry, AuditVerifyResult } from "../../../durable-objects/audit-log-rpc.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";
import type { AdminActor, AdminHonoEnv } from "../admin-env.ts";

/** Epoch milliseconds or an ISO 8601 date-time. */
const instantParam = z.string().transform((value, context) => {
  const millis = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(millis)) {
    context.addIssue({ code: "custom", message: "expected epoch milliseconds or an ISO 8601 date-time" });
    return z.NEVER;
  }
  return millis;
});

const auditQuerySchema = z.strictObject({
  /** An action prefix: `key` lists key.generate, key.update, …; `budget.refused` only those. */
  action: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(200).optional(),
  target_type: z.string().min(1).max(60).optional(),
  target_id: z.string().min(1).max(1000).optional(),
  team_id: z.string().min(1).max(200).optional(),
  from: instantParam.optional(),
  to: instantParam.optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const detailsSchema = z.record(z.string(), z.unknown());

/** Rows are written from validated input; a row edited into something unparseable is shown as its raw text. */
function detailsOf(text: string): Record<string, unknown> {
  try {
    const parsed = detailsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {}
  return { unreadable: text };
}

function auditEntryView(entry: AuditEntry) {
  return {
    seq: entry.seq,
    event_id: entry.eventId,
    at: entry.at,
    time: new Date(entry.at).toISOString(),
    actor: { label: entry.actor.label, role: entry.actor.role, team_id: entry.actor.teamId },
    action: entry.action,
    target: entry.target,
    team_id: entry.teamId,
    details: detailsOf(entry.detailsJson),
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

function verifyView(result: AuditVerifyResult) {
  if (result.ok) return { ok: true, count: result.count, head_seq: result.headSeq, head_hash: result.headHash };
  return {
    ok: false,
    verified: result.count,
    first_broken: { seq: result.seq, reason: result.reason, expected: result.expected, stored: result.stored },
  };
}

/** The team a reader's listing is limited to: a team_admin sees entries about its own team; admins and viewers all. */
function auditScopeOf(actor: AdminActor, requestedTeam: string | undefined): string | undefined {
  const role = actor.role;
  switch (role) {
    case "admin":
    case "viewer":
      return requestedTeam;
    case "team_admin": {
      const own = actor.kind === "key" ? actor.teamId : null;
      if (own === null) throw new GatewayError("permission_denied", "This team_admin key belongs to no team.");
      if (requestedTeam !== undefined && requestedTeam !== own) {
        throw new GatewayError("permission_denied", "A team_admin key can only read its own team's audit entries.");
      }
      return own;
    }
    default: {
      const unreachable: never = role;
      throw new Error(`unknown admin role ${String(unreachable)}`);
    }
  }
}

/**
 * The audit trail (durable-objects/audit-log.ts, through AdminRpc).
 * GET /audit lists entries newest first (filters: action prefix, actor,
 * target, team, from/to; `next_cursor` pages); GET /audit/verify recomputes
 * the hash chain and names the first entry that does not hold.
 */
export const auditRoutes = new Hono<AdminHonoEnv>()
  .get("/audit", async (c) => {
    const query = auditQuerySchema.safeParse(c.req.query(), { reportInput: true });
    if (!query.success) throw zodErrorToGatewayError(query.error);
    const filters = query.data;
    const teamId = auditScopeOf(c.get("actor"), filters.team_id);
    const page = await c.env.GATEWAY.listAudit({
      ...(filters.action === undefined ? {} : { actionPrefix: filters.action }),
      ...(filters.actor === undefined ? {} : { actor: filters.actor }),
      ...(filters.target_type === undefined ? {} : { targetType: filters.target_type }),
      ...(filters.target_id === undefined ? {} : { targetId: filters.target_id }),
      ...(teamId === undefined ? {} : { teamId }),
      ...(filters.from === undefined ? {} : { from: filters.from }),
      ...(filters.to === undefined ? {} : { to: filters.to }),
      ...(filters.cursor === undefined ? {} : { cursor: filters.cursor }),
      limit: filters.limit,
    });
    return c.json({
      entries: page.entries.map(auditEntryView),
      next_cursor: page.nextCursor === null ? null : String(page.nextCursor),
    });
  })
  .get("/audit/verify", async (c) => {
    const role = c.get("actor").role;
    if (role === "team_admin") {
      throw new GatewayError("permission_denied", "Verifying the audit chain needs the admin or viewer role.");
    }
    return c.json(verifyView(await c.env.GATEWAY.verifyAudit()));
  });
