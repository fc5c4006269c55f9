/**
 * LiteLLM durations: `30s`, `10m`, `2h`, `1d`, `7d`, `30d`, and `monthly`
 * (calendar month). Used for key expiry (`duration`) and budget windows
 * (`budget_duration`). Returns milliseconds, or "monthly".
 */
export type ParsedDuration = { kind: "fixed"; milliseconds: number } | { kind: "monthly" };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseDuration(text: string): ParsedDuration | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "monthly" || trimmed === "1mo") return { kind: "monthly" };
  const match = /^(\d+)\s*(s|m|h|d|w)$/.exec(trimmed);
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unit = UNIT_MS[match[2] ?? ""];
  if (unit === undefined || amount <= 0) return undefined;
  return { kind: "fixed", milliseconds: amount * unit };
}

/** Adds a duration to an instant (monthly: same day-of-month next month, clamped, UTC). */
export function addDuration(from: number, duration: ParsedDuration): number {
  if (duration.kind === "fixed") return from + duration.milliseconds;
  const date = new Date(from);
  const target = new Date(
    Date.UTC(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      1,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target.getTime();
}
