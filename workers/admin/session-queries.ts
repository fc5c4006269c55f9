import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { sessions, toolCallIndex } from "../core/db/schema.ts";

/** A date (YYYY-MM-DD or ISO 8601) or epoch milliseconds, as epoch milliseconds. */
const timeSchema = z.string().transform((value, context) => {
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(time)) {
    context.addIssue({ code: "custom", message: "must be a date (YYYY-MM-DD or ISO 8601) or epoch milliseconds" });
    return z.NEVER;
  }
  return time;
});

const pagination = {
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(1000).default(100),
};

/** GET /sessions: sessions active in [from, to), newest activity first. */
export const sessionListQuerySchema = z.strictObject({
  agent_id: z.string().min(1).optional(),
  /** The key's hash (its `token`), as /key/info and spend logs name it. */
  key: z.string().min(1).optional(),
  team_id: z.string().min(1).optional(),
  from: timeSchema.optional(),
  to: timeSchema.optional(),
  status: z.enum(["ok", "error"]).optional(),
  min_cost: z.coerce.number().nonnegative().optional(),
  ...pagination,
});
export type SessionListQuery = z.infer<typeof sessionListQuerySchema>;

/** GET /sessions/search: tool calls by tool name and/or a (case-insensitive) substring of their arguments. */
export const sessionSearchQuerySchema = z
  .strictObject({
    tool: z.string().min(1).optional(),
    argument: z.string().min(1).max(500).optional(),
    ...pagination,
  })
  .refine((query) => query.tool !== undefined || query.argument !== undefined, {
    message: "give 'tool', 'argument' or both",
    path: ["tool"],
  });
export type SessionSearchQuery = z.infer<typeof sessionSearchQuerySchema>;

/** `teamFilter` is the one team a team_admin may see (authorize.ts); it wins over `team_id`. */
export function sessionListWhere(query: SessionListQuery, teamFilter: string | undefined): SQL | undefined {
  const teamId = teamFilter ?? query.team_id;
  return and(
    query.agent_id === undefined ? undefined : eq(sessions.agentId, query.agent_id),
    query.key === undefined ? undefined : eq(sessions.keyHash, query.key),
    teamId === undefined ? undefined : eq(sessions.teamId, teamId),
    query.from === undefined ? undefined : gte(sessions.lastAt, query.from),
    query.to === undefined ? undefined : lt(sessions.startedAt, query.to),
    query.status === undefined ? undefined : eq(sessions.status, query.status),
    query.min_cost === undefined ? undefined : gte(sessions.costUsd, query.min_cost),
  );
}

export function sessionSearchWhere(query: SessionSearchQuery, teamFilter: string | undefined): SQL | undefined {
  return and(
    query.tool === undefined ? undefined : eq(toolCallIndex.toolName, query.tool),
    // instr, not LIKE: the user's text is matched literally, `%` and `_` included.
    query.argument === undefined
      ? undefined
      : sql`instr(lower(${toolCallIndex.arguments}), lower(${query.argument})) > 0`,
    teamFilter === undefined ? undefined : eq(sessions.teamId, teamFilter),
  );
}

export const sessionListOrder = [desc(sessions.lastAt), sessions.scope, sessions.id] as const;

/** A sessions row as the admin API shows it (snake_case, like the other admin listings). */
export function sessionView(row: typeof sessions.$inferSelect) {
  return {
    session_id: row.id,
    scope: row.scope,
    agent_id: row.agentId,
    key_hash: row.keyHash,
    team_id: row.teamId,
    started_at: row.startedAt,
    last_at: row.lastAt,
    status: row.status,
    model_calls: row.modelCalls,
    tool_calls: row.toolCalls,
    cost_usd: row.costUsd,
  };
}

/** A tool call's session row. */
export const toolCallSessionJoin = and(
  eq(toolCallIndex.scope, sessions.scope),
  eq(toolCallIndex.sessionId, sessions.id),
);

export const sessionSearchOrder = [desc(toolCallIndex.startedAt), toolCallIndex.toolCallId] as const;
