/**
 * What is stored under a key: the exact bytes the client was sent (JSON, or
 * the whole SSE stream), with the few headers a replay needs. The Cache API
 * expires it by `Cache-Control: max-age`; `x-switchyard-cached-at` lets a
 * request ask for a younger entry (`s-maxage`).
 */
export const CACHED_AT_HEADER = "x-switchyard-cached-at";
const REPLAYED_HEADERS = ["content-type", "x-switchyard-dropped-params"] as const;

/** The name of the Cache API cache holding answers, apart from the zone's default cache. */
export const RESPONSE_CACHE_NAME = "switchyard:responses";

export function cacheEntry(bytes: Uint8Array, answerHeaders: Headers, ttlSeconds: number, nowMs: number): Response {
  const headers = new Headers({
    // The Cache API takes whole seconds; rounding up never expires an entry before its ttl.
    "cache-control": `max-age=${Math.ceil(ttlSeconds)}`,
    [CACHED_AT_HEADER]: String(nowMs),
  });
  for (const name of REPLAYED_HEADERS) {
    const value = answerHeaders.get(name);
    if (value !== null) headers.set(name, value);
  }
  return new Response(bytes, { status: 200, headers });
}

/** The headers of the stored answer to send again. */
export function replayedHeaders(entry: Response): Headers {
  const headers = new Headers();
  for (const name of REPLAYED_HEADERS) {
    const value = entry.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}

/** Whether the entry is at most `maxAgeSeconds` old; one without a readable store time is not. */
export function isYoungEnough(entry: Response, maxAgeSeconds: number | undefined, nowMs: number): boolean {
  if (maxAgeSeconds === undefined) return true;
  const cachedAt = Number(entry.headers.get(CACHED_AT_HEADER));
  if (!Number.isFinite(cachedAt) || cachedAt <= 0) return false;
  return nowMs - cachedAt <= maxAgeSeconds * 1000;
}
