/** `x-switchyard-cache` on every model answer: served from the cache, looked up and not found, or not looked up. */
export type CacheStatus = "HIT" | "MISS" | "BYPASS";

export const CACHE_STATUS_HEADER = "x-switchyard-cache";
/** The entry's key (the SHA-256 of the request), like LiteLLM's `x-litellm-cache-key`. */
export const CACHE_KEY_HEADER = "x-switchyard-cache-key";

/** Sets the cache status, and the key when the request had one (it took part in caching). */
export function setCacheStatusHeaders(headers: Headers, status: CacheStatus, key: string | undefined): void {
  headers.set(CACHE_STATUS_HEADER, status);
  if (key !== undefined) headers.set(CACHE_KEY_HEADER, key);
}
