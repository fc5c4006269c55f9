import { and, eq, gte, lt, type SQL } from "drizzle-orm";
import { spendLogs } from "../../core/db/schema.ts";
import type { AnalyticsRange } from "./analytics-range.ts";

/** The spend_logs rows of the range (and team), served by the started_at or the (team_id, started_at) index. */
export function spendRangeFilter(range: AnalyticsRange): SQL | undefined {
  return and(
    gte(spendLogs.startedAt, range.from),
    lt(spendLogs.startedAt, range.to),
    range.teamId === undefined ? undefined : eq(spendLogs.teamId, range.teamId),
  );
}
