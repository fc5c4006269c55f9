import { and, count, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { spendLogs } from "../../core/db/schema.ts";
import { type AnalyticsRange, bucketStarts } from "./analytics-range.ts";
import { spendRangeFilter } from "./spend-range-filter.ts";

export interface SpendSeriesPoint {
  /** Bucket start, epoch ms (UTC-aligned hours or days). */
  t: number;
  spend_usd: number;
  requests: number;
  errors: number;
  p50_ms: number | null;
  p95_ms: number | null;
}

export interface SpendTotals {
  spend_usd: number;
  requests: number;
  errors: number;
  /** errors / requests, 0 when there were none. */
  error_rate: number;
  p50_ms: number | null;
  p95_ms: number | null;
}

/** A request failed if it got an error status, or broke off after a 200 (a stream cut by budget or upstream). */
const failed = sql`(${spendLogs.status} >= 400 OR ${spendLogs.errorKind} IS NOT NULL)`;

/** `ceil(count * percent / 100)` in integer arithmetic: the nearest-rank percentile's rank. */
const rankOf = (total: SQL, percent: number) => sql<number>`((${total} * ${sql.raw(String(percent))} + 99) / 100)`;

/**
 * Spend, requests, errors and latency percentiles per bucket and over the range,
 * in one D1 batch of two queries. Percentiles are nearest-rank over the latency of
 * the requests that succeeded (a refusal's latency says nothing about the
 * upstreams), ranked in SQL with window functions so no rows leave D1.
 */
export async function readSpendSeries(
  db: DrizzleD1Database,
  range: AnalyticsRange,
): Promise<{ series: SpendSeriesPoint[]; totals: SpendTotals }> {
  const size = sql.raw(String(range.bucketMs));
  // started_at is an INTEGER column and the size an integer literal: integer division floors.
  const bucketStart = sql<number>`(${spendLogs.startedAt} / ${size}) * ${size}`;
  const where = spendRangeFilter(range);

  const ranked = db.$with("ranked").as(
    db
      .select({
        t: bucketStart.as("t"),
        latency: sql<number>`${spendLogs.latencyMs}`.as("latency"),
        bucketRank: sql<number>`row_number() over (partition by ${bucketStart} order by ${spendLogs.latencyMs})`.as(
          "bucket_rank",
        ),
        bucketCount: sql<number>`count(*) over (partition by ${bucketStart})`.as("bucket_count"),
        totalRank: sql<number>`row_number() over (order by ${spendLogs.latencyMs})`.as("total_rank"),
        totalCount: sql<number>`count(*) over ()`.as("total_count"),
      })
      .from(spendLogs)
      .where(and(where, lt(spendLogs.status, 400), isNull(spendLogs.errorKind))),
  );
  const at = (rank: SQL, percent: number, total: SQL) =>
    sql<number | null>`max(case when ${rank} = ${rankOf(total, percent)} then ${ranked.latency} end)`;
  const rankSql = {
    bucket: sql`${ranked.bucketRank}`,
    bucketCount: sql<number>`${ranked.bucketCount}`,
    total: sql`${ranked.totalRank}`,
    totalCount: sql<number>`${ranked.totalCount}`,
  };

  const [aggregates, percentiles] = await db.batch([
    db
      .select({
        t: bucketStart.mapWith(Number),
        spend: sql<number>`coalesce(sum(${spendLogs.costUsd}), 0)`.mapWith(Number),
        requests: count(),
        errors: sql<number>`coalesce(sum(case when ${failed} then 1 else 0 end), 0)`.mapWith(Number),
      })
      .from(spendLogs)
      .where(where)
      .groupBy(bucketStart),
    db
      .with(ranked)
      .select({
        t: sql<number>`${ranked.t}`.mapWith(Number),
        p50: at(rankSql.bucket, 50, rankSql.bucketCount),
        p95: at(rankSql.bucket, 95, rankSql.bucketCount),
        totalP50: at(rankSql.total, 50, rankSql.totalCount),
        totalP95: at(rankSql.total, 95, rankSql.totalCount),
      })
      .from(ranked)
      .where(
        or(
          sql`${ranked.bucketRank} in (${rankOf(rankSql.bucketCount, 50)}, ${rankOf(rankSql.bucketCount, 95)})`,
          sql`${ranked.totalRank} in (${rankOf(rankSql.totalCount, 50)}, ${rankOf(rankSql.totalCount, 95)})`,
        ),
      )
      .groupBy(sql`${ranked.t}`),
  ]);

  const sums = new Map(aggregates.map((row) => [row.t, row]));
  const latencies = new Map(percentiles.map((row) => [row.t, row]));
  const series = bucketStarts(range).map((t): SpendSeriesPoint => {
    const sum = sums.get(t);
    const latency = latencies.get(t);
    return {
      t,
      spend_usd: sum?.spend ?? 0,
      requests: sum?.requests ?? 0,
      errors: sum?.errors ?? 0,
      p50_ms: latency?.p50 ?? null,
      p95_ms: latency?.p95 ?? null,
    };
  });
  const spend = aggregates.reduce((total, row) => total + row.spend, 0);
  const requests = aggregates.reduce((total, row) => total + row.requests, 0);
  const errors = aggregates.reduce((total, row) => total + row.errors, 0);
  return {
    series,
    totals: {
      spend_usd: spend,
      requests,
      errors,
      error_rate: requests === 0 ? 0 : errors / requests,
      p50_ms: percentiles.find((row) => row.totalP50 !== null)?.totalP50 ?? null,
      p95_ms: percentiles.find((row) => row.totalP95 !== null)?.totalP95 ?? null,
    },
  };
}
