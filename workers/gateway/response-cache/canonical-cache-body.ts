/**
 * Top-level body fields that do not change what the model answers, so two
 * requests differing only in them share an entry: who is asking (`user`,
 * `safety_identifier`), bookkeeping (`metadata`, `prompt_cache_key`), the
 * cache control itself, and `stream`, which the key carries separately.
 * `stream_options` is dropped too, except `include_usage` on a stream, which
 * adds the usage chunk to the bytes.
 */
const IGNORED_FIELDS = new Set([
  "cache",
  "user",
  "metadata",
  "safety_identifier",
  "prompt_cache_key",
  "stream",
  "stream_options",
]);

function includesUsage(body: Record<string, unknown>): boolean {
  const options = body.stream_options;
  return (
    typeof options === "object" && options !== null && (options as { include_usage?: unknown }).include_usage === true
  );
}

/** JSON with object keys sorted at every depth; array order is kept, since it is meaning. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item ?? null)).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${stableStringify(item)}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The body as the cache key sees it: fields that do not affect the answer
 * removed, keys in a stable order, so `{"a":1,"b":2}` and `{"b":2,"a":1}`
 * are the same request.
 */
export function canonicalCacheBody(body: Record<string, unknown>, stream: boolean): string {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!IGNORED_FIELDS.has(key)) kept[key] = value;
  if (stream && includesUsage(body)) kept.stream_options = { include_usage: true };
  return stableStringify(kept);
}
