import { sha256Hex } from "../../core/auth/hash-key.ts";
import type { ApiFormat } from "../../core/formats/api-format.ts";

/** Bumped when what is stored under a key changes shape, so old entries are simply never found. */
const KEY_VERSION = "v1";

/** Client headers the upstream is sent that change its answer (Anthropic betas switch features on). */
export const ANSWER_CHANGING_HEADERS = ["anthropic-version", "anthropic-beta"] as const;

export interface ResponseCacheKeyParts {
  /** Whose entries these are: `key:<key hash>`, or `shared` when the config shares the cache across keys. */
  scope: string;
  namespace: string | undefined;
  format: ApiFormat;
  modelGroup: string;
  stream: boolean;
  headers: Headers;
  /** From canonicalCacheBody. */
  body: string;
}

/**
 * SHA-256 over everything that makes two requests the same request. The
 * digest, not the prompt, is what the Cache API sees as a URL, and it is
 * echoed as `x-switchyard-cache-key` (like LiteLLM's `x-litellm-cache-key`).
 */
export function responseCacheKey(parts: ResponseCacheKeyParts): Promise<string> {
  const headers = ANSWER_CHANGING_HEADERS.map((name) => parts.headers.get(name));
  return sha256Hex(
    JSON.stringify([
      KEY_VERSION,
      parts.scope,
      parts.namespace ?? null,
      parts.format,
      parts.modelGroup,
      parts.stream,
      headers,
      parts.body,
    ]),
  );
}

/** The Cache API keys entries by GET request: a synthetic URL on a host nobody serves. */
export function cacheEntryRequest(key: string): Request {
  return new Request(`https://response-cache.switchyard.internal/${KEY_VERSION}/${key}`);
}
