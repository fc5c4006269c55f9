/**
 * Calendar arithmetic in one IANA time zone, built only on `Intl.DateTimeFormat`
 * (the runtime's ICU time zone data), so Switchyard ships no tz database.
 *
 * "Wall clock" below means the local reading at an instant, written as if it
 * were a UTC epoch: 2026-03-08 02:30 in New York is `Date.UTC(2026, 2, 8, 2, 30)`.
 */
export interface LocalDate {
  year: number;
  /** 0–11, as `Date.UTC` takes it. */
  monthIndex: number;
  day: number;
}

const DAY_MS = 86_400_000;

export class ZonedCalendar {
  readonly timeZone: string;
  private readonly format: Intl.DateTimeFormat;

  /** Throws `RangeError` for a name the runtime does not know. */
  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      // h23: some engines print midnight as "24" under hour12: false.
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  /** The local wall clock at `instant` (millisecond precision). */
  wallClockAt(instant: number): number {
    const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
    for (const part of this.format.formatToParts(instant)) {
      if (part.type !== "literal") fields[part.type] = Number(part.value);
    }
    const milliseconds = ((instant % 1000) + 1000) % 1000;
    return (
      Date.UTC(
        fields.year ?? 1970,
        (fields.month ?? 1) - 1,
        fields.day ?? 1,
        fields.hour ?? 0,
        fields.minute ?? 0,
        fields.second ?? 0,
      ) + milliseconds
    );
  }

  localDateAt(instant: number): LocalDate {
    const wall = new Date(this.wallClockAt(instant));
    return { year: wall.getUTCFullYear(), monthIndex: wall.getUTCMonth(), day: wall.getUTCDate() };
  }

  /**
   * The first instant of a local day. Arguments overflow like `Date.UTC`'s
   * (month 12 is next January, day 0 the previous month's last day).
   * Where midnight happens twice (clocks go back at 24:00) the earlier one
   * wins; where it never happens (America/Santiago springs forward at 24:00)
   * the day begins at the transition instant, local 01:00.
   */
  startOfDay(year: number, monthIndex: number, day: number): number {
    const wall = Date.UTC(year, monthIndex, day);
    // UTC offsets stay within ±18 h, so the offsets a day either side (and at `wall`) include every one in play.
    const offsets = new Set([wall - DAY_MS, wall, wall + DAY_MS].map((instant) => this.wallClockAt(instant) - instant));
    const candidates = [...offsets].map((offset) => wall - offset).sort((a, b) => a - b);
    const exact = candidates.find((instant) => this.wallClockAt(instant) === wall);
    if (exact !== undefined) return exact;
    // A gap: bisect for the first instant whose wall clock has reached the day.
    let before = candidates[0] ?? wall;
    let after = candidates[candidates.length - 1] ?? wall;
    while (after - before > 1) {
      const middle = Math.floor((before + after) / 2);
      if (this.wallClockAt(middle) >= wall) after = middle;
      else before = middle;
    }
    return after;
  }
}

const calendars = new Map<string, ZonedCalendar>();

/** One cached calendar per zone name; `undefined` (not cached) for a name the runtime does not know. */
export function zonedCalendar(timeZone: string): ZonedCalendar | undefined {
  const cached = calendars.get(timeZone);
  if (cached !== undefined) return cached;
  try {
    const calendar = new ZonedCalendar(timeZone);
    calendars.set(timeZone, calendar);
    return calendar;
  } catch {
    return undefined;
  }
}
