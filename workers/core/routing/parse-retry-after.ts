/**
 * A `retry-after` header in ms from `nowMs`: delay-seconds (`"20"`, `"1.5"`)
 * or an HTTP date (RFC 9110 §10.2.3). Undefined when absent or unreadable;
 * a date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^[+-]?\d+(\.\d+)?$/.test(trimmed)) {
    const seconds = Number(trimmed);
    // Date.parse would read "-3" as the year -3; a negative delay is just invalid.
    return seconds < 0 ? undefined : Math.round(seconds * 1000);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
