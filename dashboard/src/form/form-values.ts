/** Reading form text into API values: blank means "not set" (null), anything else must parse. */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function optionalNumber(text: string, options: { integer?: boolean } = {}): Parsed<number | null> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: null };
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0) return { ok: false, message: "Enter a number of 0 or more." };
  if (options.integer === true && !Number.isInteger(value)) return { ok: false, message: "Enter a whole number." };
  return { ok: true, value };
}

export const optionalText = (text: string): string | null => (text.trim() === "" ? null : text.trim());

/** Comma- or newline-separated names. */
export const listOf = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");

export const textOf = (value: number | string | null | undefined): string =>
  value === null || value === undefined ? "" : String(value);

/** `NAME=value` lines ↔ an env object. */
export function envOf(text: string): Parsed<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const separator = line.indexOf("=");
    if (separator <= 0) return { ok: false, message: `Line ${index + 1}: expected NAME=value.` };
    env[line.slice(0, separator).trim()] = line.slice(separator + 1);
  }
  return { ok: true, value: env };
}

export const envText = (env: Record<string, string>): string =>
  Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join("\n");
