/** Pages past this are empty anyway; the bound keeps `OFFSET (page - 1) * size` a small SQLite integer. */
export const MAX_PAGE = 1_000_000;

/**
 * A `page` or page-size query value, read leniently as LiteLLM's routes do
 * (missing or unreadable: the fallback; below 1: 1) but always a whole number
 * within `max`: `?page=99999999999999999999` or `?page=1.5` would otherwise
 * reach D1 as an offset it refuses, a 500.
 */
export function pageQuery(value: string | undefined, fallback: number, max: number): number {
  const parsed = Math.trunc(Number(value ?? fallback));
  if (!Number.isFinite(parsed) || parsed === 0) return Math.min(max, fallback);
  return Math.min(max, Math.max(1, parsed));
}
