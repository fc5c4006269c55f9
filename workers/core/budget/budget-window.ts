import { parseDuration } from "../auth/duration.ts";
import type { BudgetLimits } from "./budget-limits.ts";
import { type ZonedCalendar, zonedCalendar } from "./zoned-calendar.ts";

/** A budget window: spend counts from `start` (inclusive) to `end` (exclusive), both epoch ms. */
export interface BudgetWindow {
  start: number;
  end: number;
}

const DAY_MS = 86_400_000;
/** 1970-01-05, the first Monday after the epoch, as a day number (1970-01-01 is day 0, a Thursday). */
const FIRST_MONDAY = 4;

/**
 * The budget window holding `now`, for a LiteLLM `budget_duration` in an IANA
 * time zone. Windows are calendar-aligned, never "N units since the first
 * request", so every scope with the same duration and zone resets together:
 *
 * - shorter than a day (`30s`, `10m`, `2h`): multiples of the duration since
 *   the epoch. The zone plays no part (every zone's offset is a whole number
 *   of minutes, so hour windows still start on local hours in whole-hour zones).
 * - whole days (`1d`, `24h`, `30d`): local midnights. `Nd` windows are runs of
 *   N local calendar days counted from 1970-01-01 in that zone, so `30d`
 *   starts on 2025-12-08, 2026-01-07, 2026-02-06… — a fixed, documented grid
 *   instead of one that drifts with each key's creation date.
 *   Multiples of a week (`7d`, `1w`, `14d`) count from Monday 1970-01-05, so
 *   they reset at Monday 00:00 (ISO weeks).
 * - `monthly`: the 1st of each local month, 00:00.
 *
 * Day-aligned windows follow the zone's daylight saving: a `1d` window in
 * New York lasts 23 or 25 hours on the days the clocks change.
 *
 * Throws `RangeError` for an unknown duration or zone: limits are validated
 * (see `budgetLimitsSchema`) before they get here.
 */
export function computeBudgetWindow(budgetDuration: string, timeZone: string, now: number): BudgetWindow {
  const duration = parseDuration(budgetDuration);
  if (duration === undefined) throw new RangeError(`unknown budget_duration "${budgetDuration}"`);
  switch (duration.kind) {
    case "monthly": {
      const calendar = calendarFor(timeZone);
      const local = calendar.localDateAt(now);
      // Month numbers since January 1970; Date.UTC carries the overflow into years.
      const month = (local.year - 1970) * 12 + local.monthIndex;
      return windowAround(now, month, (index) => calendar.startOfDay(1970, index, 1));
    }
    case "fixed": {
      const length = duration.milliseconds;
      if (length % DAY_MS === 0) return dayWindow(length / DAY_MS, calendarFor(timeZone), now);
      const start = Math.floor(now / length) * length;
      return { start, end: start + length };
    }
    default: {
      const unreachable: never = duration;
      throw new Error(`unhandled duration ${JSON.stringify(unreachable)}`);
    }
  }
}

function dayWindow(days: number, calendar: ZonedCalendar, now: number): BudgetWindow {
  const local = calendar.localDateAt(now);
  const dayNumber = Date.UTC(local.year, local.monthIndex, local.day) / DAY_MS;
  const anchor = days % 7 === 0 ? FIRST_MONDAY : 0;
  const index = Math.floor((dayNumber - anchor) / days);
  return windowAround(now, index, (windowIndex) => calendar.startOfDay(1970, 0, 1 + anchor + windowIndex * days));
}

/**
 * Window `index` as computed from the local date, nudged by one where clocks
 * going back across midnight make that date disagree with the instants.
 */
function windowAround(now: number, index: number, startOf: (index: number) => number): BudgetWindow {
  let current = index;
  while (now >= startOf(current + 1)) current += 1;
  while (now < startOf(current)) current -= 1;
  return { start: startOf(current), end: startOf(current + 1) };
}

function calendarFor(timeZone: string): ZonedCalendar {
  const calendar = zonedCalendar(timeZone);
  if (calendar === undefined) throw new RangeError(`unknown time zone "${timeZone}"`);
  return calendar;
}

/** The window of a budget without `budget_duration`, which never resets: all representable time. */
export const LIFETIME_WINDOW: BudgetWindow = { start: -8.64e15, end: 8.64e15 };

/** The window holding `now` under a scope's limits (default zone UTC). */
export function budgetWindowFor(limits: BudgetLimits, now: number): BudgetWindow {
  if (limits.budgetDuration === null) return LIFETIME_WINDOW;
  return computeBudgetWindow(limits.budgetDuration, limits.timezone ?? "UTC", now);
}
