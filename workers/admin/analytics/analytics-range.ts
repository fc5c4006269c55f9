import { z } from "zod";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";

export const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const;
export type AnalyticsBucket = keyof typeof BUCKET_MS;

const DEFAULT_SPAN_MS = 7 * BUCKET_MS.day;
/** Enough for 83 days by the hour or 5 years by the day; the series is zero-filled, so this bounds the response. */
export const MAX_BUCKETS = 2000;

/** Epoch milliseconds up to the largest valid Date. */
const epochMs = z
  .string()
  .regex(/^\d{1,16}$/, "must be epoch milliseconds")
  .transform(Number)
  .pipe(z.number().max(8.64e15));

/** GET /analytics/overview's query. */
export const analyticsQuerySchema = z.strictObject({
  from: epochMs.optional(),
  to: epochMs.optional(),
  bucket: z.enum(["hour", "day"]).default("day"),
  team_id: z.string().min(1).max(200).optional(),
});

/** The window an overview covers: [from, to), cut into UTC-aligned buckets. */
export interface AnalyticsRange {
  from: number;
  to: number;
  bucket: AnalyticsBucket;
  bucketMs: number;
  /** The one team to report on; undefined for all. */
  teamId: string | undefined;
}

/**
 * Parses the query (defaults: the 7 days up to now, by day). `teamFilter` is
 * the one team a team_admin may see (authorize.ts) and wins over `team_id`.
 */
export function analyticsRangeOf(
  query: Record<string, string>,
  teamFilter: string | undefined,
  now: number,
): AnalyticsRange {
  const parsed = analyticsQuerySchema.safeParse(query, { reportInput: true });
  if (!parsed.success) throw zodErrorToGatewayError(parsed.error);
  const to = parsed.data.to ?? now;
  const from = parsed.data.from ?? Math.max(0, to - DEFAULT_SPAN_MS);
  if (from >= to) throw new GatewayError("invalid_request", "'from' must be before 'to'.", { param: "from" });
  const bucket = parsed.data.bucket;
  const bucketMs = BUCKET_MS[bucket];
  const buckets = Math.ceil(to / bucketMs) - Math.floor(from / bucketMs);
  if (buckets > MAX_BUCKETS) {
    throw new GatewayError(
      "invalid_request",
      `The range holds ${buckets} ${bucket} buckets; at most ${MAX_BUCKETS}: narrow it${bucket === "hour" ? " or use bucket=day" : ""}.`,
      { param: "from" },
    );
  }
  return { from, to, bucket, bucketMs, teamId: teamFilter ?? parsed.data.team_id };
}

/** The start of every bucket that overlaps [from, to), oldest first. */
export function bucketStarts(range: AnalyticsRange): number[] {
  const starts: number[] = [];
  for (
    let start = Math.floor(range.from / range.bucketMs) * range.bucketMs;
    start < range.to;
    start += range.bucketMs
  ) {
    starts.push(start);
  }
  return starts;
}
