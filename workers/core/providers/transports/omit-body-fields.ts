/** A shallow copy of `body` without `fields` (the caller's object is left alone). */
export function omitBodyFields(body: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const copy = { ...body };
  for (const field of fields) delete copy[field];
  return copy;
}
