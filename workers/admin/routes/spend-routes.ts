import { and, count, desc, eq, getTableColumns, gte, lt, type SQL, sql, sum } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { spendLogs } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { teamFilterFor } from "../authorize.ts";
import { MAX_PAGE, pageQuery } from "../page-query.ts";

function parseTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(time))
    throw new GatewayError(
      "invalid_request",
      `'${name}' must be a date (YYYY-MM-DD or ISO 8601) or epoch milliseconds.`,
      { param: name },
    );
  return time;
}

/** Filters shared by every spend route; a team_admin only ever sees its own team. */
function spendFilters(c: import("hono").Context<AdminHonoEnv>): SQL | undefined {
  const start = parseTime(c.req.query("start_date"), "start_date");
  const end = parseTime(c.req.query("end_date"), "end_date");
  const scopedTeam = teamFilterFor(c.get("actor"));
  const teamId = scopedTeam ?? c.req.query("team_id");
  const conditions = [
    start === undefined ? undefined : gte(spendLogs.startedAt, start),
    end === undefined ? undefined : lt(spendLogs.startedAt, end),
    teamId === undefined ? undefined : eq(spendLogs.teamId, teamId),
    c.req.query("api_key") === undefined ? undefined : eq(spendLogs.keyHash, c.req.query("api_key") ?? ""),
    c.req.query("user_id") === undefined ? undefined : eq(spendLogs.userId, c.req.query("user_id") ?? ""),
    c.req.query("model") === undefined ? undefined : eq(spendLogs.modelGroup, c.req.query("model") ?? ""),
    c.req.query("agent_id") === undefined ? undefined : eq(spendLogs.agentId, c.req.query("agent_id") ?? ""),
  ];
  return and(...conditions);
}

const GROUPINGS = {
  key: spendLogs.keyHash,
  team: spendLogs.teamId,
  user: spendLogs.userId,
  model: spendLogs.modelGroup,
  provider: spendLogs.provider,
  agent: spendLogs.agentId,
} as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Spend reports over the spend_logs written by the queue consumer (LiteLLM's
 * route names): /spend/logs (filters, pagination, `format=csv`), /spend/keys,
 * /spend/teams, and /global/spend/report grouped by day × key/team/user/model/provider/agent.
 */
export const spendRoutes = new Hono<AdminHonoEnv>()
  .get("/spend/logs", async (c) => {
    const page = pageQuery(c.req.query("page"), 1, MAX_PAGE);
    const size = pageQuery(c.req.query("page_size"), 100, 1000);
    const db = drizzle(c.env.DB);
    const where = spendFilters(c);
    const rows = await db
      .select()
      .from(spendLogs)
      .where(where)
      .orderBy(desc(spendLogs.startedAt), spendLogs.requestId)
      .limit(size)
      .offset((page - 1) * size);
    if (c.req.query("format") === "csv") {
      const names = Object.keys(getTableColumns(spendLogs)) as Array<keyof typeof spendLogs.$inferSelect>;
      const lines = [names.join(","), ...rows.map((row) => names.map((name) => csvCell(row[name])).join(","))];
      return c.body(`${lines.join("\n")}\n`, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="spend-logs.csv"',
      });
    }
    const total = (await db.select({ total: count() }).from(spendLogs).where(where).get())?.total ?? 0;
    return c.json({ data: rows, total, page, page_size: size, total_pages: Math.ceil(total / size) });
  })
  .get("/spend/keys", async (c) => {
    const rows = await drizzle(c.env.DB)
      .select({ key: spendLogs.keyHash, spend: sum(spendLogs.costUsd).mapWith(Number), requests: count() })
      .from(spendLogs)
      .where(spendFilters(c))
      .groupBy(spendLogs.keyHash)
      .orderBy(desc(sum(spendLogs.costUsd)));
    return c.json(rows);
  })
  .get("/spend/teams", async (c) => {
    const rows = await drizzle(c.env.DB)
      .select({ team_id: spendLogs.teamId, spend: sum(spendLogs.costUsd).mapWith(Number), requests: count() })
      .from(spendLogs)
      .where(spendFilters(c))
      .groupBy(spendLogs.teamId)
      .orderBy(desc(sum(spendLogs.costUsd)));
    return c.json(rows);
  })
  .get("/global/spend/report", async (c) => {
    const groupBy = (c.req.query("group_by") ?? "model") as keyof typeof GROUPINGS;
    const column = GROUPINGS[groupBy];
    if (column === undefined) {
      throw new GatewayError("invalid_request", `'group_by' must be one of ${Object.keys(GROUPINGS).join(", ")}.`, {
        param: "group_by",
      });
    }
    const day = sql<string>`strftime('%Y-%m-%d', ${spendLogs.startedAt} / 1000, 'unixepoch')`;
    const rows = await drizzle(c.env.DB)
      .select({
        day,
        group: column,
        spend: sum(spendLogs.costUsd).mapWith(Number),
        requests: count(),
        input_tokens: sum(spendLogs.inputTokens).mapWith(Number),
        output_tokens: sum(spendLogs.outputTokens).mapWith(Number),
      })
      .from(spendLogs)
      .where(spendFilters(c))
      .groupBy(day, column)
      .orderBy(day, column);
    return c.json({ group_by: groupBy, data: rows.map(({ group, ...rest }) => ({ ...rest, [groupBy]: group })) });
  });
