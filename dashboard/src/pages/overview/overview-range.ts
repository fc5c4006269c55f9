import type { AnalyticsBucket, AnalyticsPoint } from "../../api/analytics-api.ts";

export type RangeName = "24h" | "7d" | "30d";

export const RANGES: Array<{ name: RangeName; label: string }> = [
  { name: "24h", label: "Last 24 hours" },
  { name: "7d", label: "Last 7 days" },
  { name: "30d", label: "Last 30 days" },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface OverviewWindow {
  from: number;
  to: number;
  bucket: AnalyticsBucket;
  bucketMs: number;
}

/** Whole buckets (UTC-aligned) ending with the current one. */
export function windowOf(range: RangeName, now: number): OverviewWindow {
  switch (range) {
    case "24h":
      return aligned(now, "hour", HOUR, 24);
    case "7d":
      return aligned(now, "day", DAY, 7);
    case "30d":
      return aligned(now, "day", DAY, 30);
    default: {
      const unreachable: never = range;
      throw new Error(`unknown range ${String(unreachable)}`);
    }
  }
}

function aligned(now: number, bucket: AnalyticsBucket, bucketMs: number, count: number): OverviewWindow {
  const current = Math.floor(now / bucketMs) * bucketMs;
  return { from: current - (count - 1) * bucketMs, to: now, bucket, bucketMs };
}

/** The API lists only buckets with traffic; the chart wants every bucket, empty ones as zero. */
export function fillBuckets(series: AnalyticsPoint[], window: OverviewWindow): AnalyticsPoint[] {
  const byStart = new Map<number, AnalyticsPoint>();
  for (const point of series) byStart.set(Math.floor(point.t / window.bucketMs) * window.bucketMs, point);
  const filled: AnalyticsPoint[] = [];
  for (let start = window.from; start <= window.to; start += window.bucketMs) {
    const point = byStart.get(start);
    filled.push(
      point === undefined
        ? { t: start, spend_usd: 0, requests: 0, errors: 0, p50_ms: null, p95_ms: null }
        : { ...point, t: start },
    );
  }
  return filled;
}
