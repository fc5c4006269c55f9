import { describe, expect, it } from "vitest";
import { fillBuckets, windowOf } from "../../dashboard/src/pages/overview/overview-range.ts";

const HOUR = 3_600_000;

describe("overview ranges", () => {
  it("covers 24 whole UTC hours ending with the current one", () => {
    const now = Date.UTC(2026, 10, 23, 18, 42, 10);
    const window = windowOf("24h", now);
    expect(window).toMatchObject({ bucket: "hour", bucketMs: HOUR, to: now });
    expect(window.from).toBe(Date.UTC(2026, 10, 22, 19));
  });

  it("fills buckets without traffic with zeros and keeps the API's values where there are some", () => {
    const now = Date.UTC(2026, 10, 23, 3, 30);
    const window = windowOf("24h", now);
    const busy = { t: Date.UTC(2026, 10, 23, 2), spend_usd: 1.5, requests: 3, errors: 1, p50_ms: 200, p95_ms: 900 };
    const filled = fillBuckets([busy], window);
    expect(filled).toHaveLength(24);
    expect(filled.at(-2)).toEqual(busy);
    expect(filled.at(-1)).toEqual({
      t: Date.UTC(2026, 10, 23, 3),
      spend_usd: 0,
      requests: 0,
      errors: 0,
      p50_ms: null,
      p95_ms: null,
    });
  });
});
