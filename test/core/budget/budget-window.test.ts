import { describe, expect, it } from "vitest";
import { computeBudgetWindow } from "../../../workers/core/budget/budget-window.ts";

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

function windowIso(duration: string, timeZone: string, now: string) {
  const window = computeBudgetWindow(duration, timeZone, at(now));
  return { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() };
}

describe("computeBudgetWindow: durations shorter than a day", () => {
  it("aligns 30s windows to multiples of 30 s since the epoch", () => {
    expect(windowIso("30s", "UTC", "2026-01-15T10:00:47.500Z")).toEqual({
      start: "2026-01-15T10:00:30.000Z",
      end: "2026-01-15T10:01:00.000Z",
    });
    expect(windowIso("30s", "UTC", "2026-01-15T10:01:00.000Z").start).toBe("2026-01-15T10:01:00.000Z");
  });

  it("aligns 10m and 2h windows to multiples since the epoch", () => {
    expect(windowIso("10m", "UTC", "2026-01-15T10:59:59.999Z")).toEqual({
      start: "2026-01-15T10:50:00.000Z",
      end: "2026-01-15T11:00:00.000Z",
    });
    expect(windowIso("2h", "UTC", "2026-01-15T11:30:00Z")).toEqual({
      start: "2026-01-15T10:00:00.000Z",
      end: "2026-01-15T12:00:00.000Z",
    });
  });

  it("keeps 1h windows one hour long in UTC", () => {
    expect(windowIso("1h", "UTC", "2026-01-15T10:42:00Z")).toEqual({
      start: "2026-01-15T10:00:00.000Z",
      end: "2026-01-15T11:00:00.000Z",
    });
  });

  it("keeps 1h windows one hour long, on local hours, across New York's spring-forward", () => {
    // 2026-03-08: 01:59:59 EST is followed by 03:00:00 EDT (07:00Z).
    expect(windowIso("1h", "America/New_York", "2026-03-08T06:30:00Z")).toEqual({
      start: "2026-03-08T06:00:00.000Z", // 01:00 EST
      end: "2026-03-08T07:00:00.000Z", // 03:00 EDT
    });
    expect(windowIso("1h", "America/New_York", "2026-03-08T07:30:00Z")).toEqual({
      start: "2026-03-08T07:00:00.000Z",
      end: "2026-03-08T08:00:00.000Z",
    });
  });
});

describe("computeBudgetWindow: day windows reset at local midnight", () => {
  it("runs 1d windows from UTC midnight to UTC midnight", () => {
    expect(windowIso("1d", "UTC", "2026-01-15T23:59:59.999Z")).toEqual({
      start: "2026-01-15T00:00:00.000Z",
      end: "2026-01-16T00:00:00.000Z",
    });
    expect(windowIso("1d", "UTC", "2026-01-16T00:00:00.000Z").start).toBe("2026-01-16T00:00:00.000Z");
  });

  it("treats 24h as a day", () => {
    expect(windowIso("24h", "America/New_York", "2026-01-15T12:00:00Z")).toEqual(
      windowIso("1d", "America/New_York", "2026-01-15T12:00:00Z"),
    );
  });

  it("makes New York's spring-forward day 23 hours and its fall-back day 25 hours long", () => {
    const spring = computeBudgetWindow("1d", "America/New_York", at("2026-03-08T12:00:00Z"));
    expect(new Date(spring.start).toISOString()).toBe("2026-03-08T05:00:00.000Z"); // 00:00 EST
    expect(new Date(spring.end).toISOString()).toBe("2026-03-09T04:00:00.000Z"); // 00:00 EDT
    expect(spring.end - spring.start).toBe(23 * HOUR);

    const fall = computeBudgetWindow("1d", "America/New_York", at("2026-11-01T12:00:00Z"));
    expect(new Date(fall.start).toISOString()).toBe("2026-11-01T04:00:00.000Z"); // 00:00 EDT
    expect(new Date(fall.end).toISOString()).toBe("2026-11-02T05:00:00.000Z"); // 00:00 EST
    expect(fall.end - fall.start).toBe(25 * HOUR);
  });

  it("switches windows at exactly the local midnight instant", () => {
    const midnight = at("2026-03-09T04:00:00Z");
    expect(computeBudgetWindow("1d", "America/New_York", midnight - 1).end).toBe(midnight);
    expect(computeBudgetWindow("1d", "America/New_York", midnight).start).toBe(midnight);
  });

  it("follows half-hour offsets (Asia/Kolkata, UTC+05:30)", () => {
    expect(windowIso("1d", "Asia/Kolkata", "2026-01-15T20:00:00Z")).toEqual({
      start: "2026-01-15T18:30:00.000Z",
      end: "2026-01-16T18:30:00.000Z",
    });
  });

  it("starts the day at 01:00 where midnight is skipped (America/Santiago springs forward at 24:00)", () => {
    // 2026-09-05 23:59:59 -04 is followed by 2026-09-06 01:00:00 -03 (04:00Z).
    expect(windowIso("1d", "America/Santiago", "2026-09-06T12:00:00Z")).toEqual({
      start: "2026-09-06T04:00:00.000Z",
      end: "2026-09-07T03:00:00.000Z",
    });
    expect(windowIso("1d", "America/Santiago", "2026-09-06T03:59:59.999Z").end).toBe("2026-09-06T04:00:00.000Z");
  });
});

describe("computeBudgetWindow: weeks, 30 days and months", () => {
  it("resets 7d windows at Monday 00:00", () => {
    // 2026-01-15 is a Thursday; the week began Monday 2026-01-12.
    expect(windowIso("7d", "UTC", "2026-01-15T10:00:00Z")).toEqual({
      start: "2026-01-12T00:00:00.000Z",
      end: "2026-01-19T00:00:00.000Z",
    });
    expect(windowIso("7d", "UTC", "2026-01-18T23:59:59.999Z").end).toBe("2026-01-19T00:00:00.000Z");
    expect(windowIso("1w", "UTC", "2026-01-19T00:00:00Z").start).toBe("2026-01-19T00:00:00.000Z");
  });

  it("resets 7d windows at Monday 00:00 local time, across a DST change", () => {
    // The week of Monday 2026-03-02 spans spring-forward, so it is 167 hours long.
    expect(windowIso("7d", "America/New_York", "2026-03-08T12:00:00Z")).toEqual({
      start: "2026-03-02T05:00:00.000Z",
      end: "2026-03-09T04:00:00.000Z",
    });
  });

  it("runs 30d windows every 30 local days from 1970-01-01", () => {
    // 2026-01-15 is day 20468 since the epoch; 20460 = 682 × 30 is 2026-01-07.
    expect(windowIso("30d", "UTC", "2026-01-15T10:00:00Z")).toEqual({
      start: "2026-01-07T00:00:00.000Z",
      end: "2026-02-06T00:00:00.000Z",
    });
    expect(windowIso("30d", "UTC", "2026-01-06T23:59:59.999Z").start).toBe("2025-12-08T00:00:00.000Z");
    expect(windowIso("30d", "Europe/Paris", "2026-01-15T10:00:00Z").start).toBe("2026-01-06T23:00:00.000Z");
  });

  it("runs monthly windows from the 1st 00:00, including Jan 31 into February and leap Februaries", () => {
    expect(windowIso("monthly", "UTC", "2026-01-31T15:00:00Z")).toEqual({
      start: "2026-01-01T00:00:00.000Z",
      end: "2026-02-01T00:00:00.000Z",
    });
    expect(windowIso("monthly", "UTC", "2026-02-01T00:00:00Z")).toEqual({
      start: "2026-02-01T00:00:00.000Z",
      end: "2026-03-01T00:00:00.000Z",
    });
    expect(windowIso("monthly", "UTC", "2028-02-29T12:00:00Z").end).toBe("2028-03-01T00:00:00.000Z");
    expect(windowIso("monthly", "UTC", "2025-12-31T23:59:59.999Z")).toEqual({
      start: "2025-12-01T00:00:00.000Z",
      end: "2026-01-01T00:00:00.000Z",
    });
  });

  it("runs monthly windows in local time: Jan 31 22:00 in New York is still January", () => {
    expect(windowIso("monthly", "America/New_York", "2026-02-01T03:00:00Z")).toEqual({
      start: "2026-01-01T05:00:00.000Z",
      end: "2026-02-01T05:00:00.000Z",
    });
  });
});

describe("computeBudgetWindow: invalid input", () => {
  it("throws RangeError for an unknown duration or time zone", () => {
    expect(() => computeBudgetWindow("fortnightly", "UTC", 0)).toThrow(RangeError);
    expect(() => computeBudgetWindow("1d", "Mars/Olympus_Mons", 0)).toThrow(/unknown time zone "Mars\/Olympus_Mons"/);
  });
});
