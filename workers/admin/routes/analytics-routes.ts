import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { AdminHonoEnv } from "../admin-env.ts";
import { analyticsRangeOf } from "../analytics/analytics-range.ts";
import { readBudgetsNearLimit } from "../analytics/read-budgets-near-limit.ts";
import { readSpendBreakdowns } from "../analytics/read-spend-breakdowns.ts";
import { readSpendSeries } from "../analytics/read-spend-series.ts";
import { teamFilterFor } from "../authorize.ts";

/**
 * The dashboard's overview (GET /analytics/overview?from&to&bucket&team_id):
 * spend, requests, errors and latency over time, the top models, providers,
 * teams, agents and keys, and the budgets near their limit. Every role may
 * read it; a team_admin sees only its own team. Three D1 batches run at once
 * and a fourth follows the budget groups; none reads a Durable Object.
 */
export const analyticsRoutes = new Hono<AdminHonoEnv>().get("/analytics/overview", async (c) => {
  const now = Date.now();
  const range = analyticsRangeOf(c.req.query(), teamFilterFor(c.get("actor")), now);
  const db = drizzle(c.env.DB);
  const [{ series, totals }, breakdowns, budgetsNearLimit] = await Promise.all([
    readSpendSeries(db, range),
    readSpendBreakdowns(db, range),
    readBudgetsNearLimit(db, range.teamId, now),
  ]);
  return c.json({
    from: range.from,
    to: range.to,
    bucket: range.bucket,
    series,
    totals,
    ...breakdowns,
    budgets_near_limit: budgetsNearLimit,
  });
});
