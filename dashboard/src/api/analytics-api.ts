import type { AnalyticsBucket } from "../../../workers/admin/analytics/analytics-range.ts";
import type { BudgetNearLimit } from "../../../workers/admin/analytics/read-budgets-near-limit.ts";
import type { SpendBreakdowns } from "../../../workers/admin/analytics/read-spend-breakdowns.ts";
import type { SpendSeriesPoint, SpendTotals } from "../../../workers/admin/analytics/read-spend-series.ts";
import { adminRequest } from "./admin-client.ts";

/** The overview's parts are typed by the server modules that read them. */
export type { AnalyticsBucket } from "../../../workers/admin/analytics/analytics-range.ts";
export type { SpendSeriesPoint as AnalyticsPoint } from "../../../workers/admin/analytics/read-spend-series.ts";

/** GET /analytics/overview (workers/admin/routes/analytics-routes.ts). */
export interface AnalyticsOverview extends SpendBreakdowns {
  from: number;
  to: number;
  bucket: AnalyticsBucket;
  series: SpendSeriesPoint[];
  totals: SpendTotals;
  budgets_near_limit: BudgetNearLimit[];
}

export interface AnalyticsQuery {
  from: number;
  to: number;
  bucket: AnalyticsBucket;
  teamId?: string | undefined;
}

export const fetchOverview = (query: AnalyticsQuery, signal?: AbortSignal) =>
  adminRequest<AnalyticsOverview>("GET", "/analytics/overview", {
    query: { from: query.from, to: query.to, bucket: query.bucket, team_id: query.teamId },
    signal,
  });
