import type { Context } from "hono";
import type { ApiFormat } from "../../core/formats/api-format.ts";
import type { IrRequest } from "../../core/ir/request.ts";
import { resolveSessionIdentity } from "../../core/session/session-identity.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import type { ModelRequestScope } from "../pipeline/model-request-scope.ts";
import { isYoungEnough, RESPONSE_CACHE_NAME } from "./cache-entry.ts";
import { type CacheStatus, setCacheStatusHeaders } from "./cache-status-headers.ts";
import { canonicalCacheBody } from "./canonical-cache-body.ts";
import { readRequestCacheControls } from "./request-cache-controls.ts";
import { resolveCachePolicy } from "./resolve-cache-policy.ts";
import { cacheEntryRequest, responseCacheKey } from "./response-cache-key.ts";
import { serveCacheHit } from "./serve-cache-hit.ts";
import { storeAnswer } from "./store-answer.ts";

export interface ResponseCacheRequest {
  format: ApiFormat;
  /** The client's body as parsed; its `cache` control is taken out (it is ours, never the upstream's). */
  body: Record<string, unknown>;
  ir: IrRequest;
  /** The model group the client asked for. */
  modelGroup: string;
}

export interface ResponseCacheSession {
  /** The stored answer, ready to return, when there is one. */
  hit: Response | undefined;
  /** The upstream's answer with the cache status headers, stored on its way to the client when the request allows. */
  store(response: Response, scope: ModelRequestScope): Promise<Response>;
}

function labelled(status: CacheStatus, key: string | undefined) {
  return async (response: Response): Promise<Response> => {
    // The forwarders build their own Response, whose headers take the label in place; copying the
    // Response for it showed in the fast path's profile. Only immutable headers (a fetched Response) need a copy.
    try {
      setCacheStatusHeaders(response.headers, status, key);
      return response;
    } catch {
      const labelledResponse = new Response(response.body, response);
      setCacheStatusHeaders(labelledResponse.headers, status, key);
      return labelledResponse;
    }
  };
}

const BYPASSED: ResponseCacheSession = { hit: undefined, store: labelled("BYPASS", undefined) };

/** LiteLLM's `cache` is a gateway parameter: it must not reach the upstream, nor be refused as unknown when translating. */
function takeCacheControlOut(request: ResponseCacheRequest): void {
  delete request.body.cache;
  request.ir.unmapped = request.ir.unmapped.filter(
    (field) => field.path !== "cache" && !field.path.startsWith("cache.") && !field.path.startsWith("cache["),
  );
}

/**
 * The exact-match response cache (issue #4), consulted once per request
 * before routing. Entries live in the Cloudflare Cache API, so they are
 * local to a data center, and it is a no-op on `*.workers.dev` (the Cache
 * API works only on custom domains). A key's entries are its own unless
 * `cache_params.shared_across_keys` says otherwise.
 */
export async function openResponseCache(
  c: Context<GatewayHonoEnv>,
  request: ResponseCacheRequest,
): Promise<ResponseCacheSession> {
  const headers = c.req.raw.headers;
  const controls = readRequestCacheControls(request.body, headers);
  takeCacheControlOut(request);
  const settings = c.get("config").responseCache;
  const policy = resolveCachePolicy(settings, request.format, controls);
  if (policy.kind === "bypass") return BYPASSED;

  const stream = request.ir.stream;
  const key = await responseCacheKey({
    scope: settings.sharedAcrossKeys ? "shared" : `key:${c.get("principal").keyHash}`,
    namespace: policy.namespace,
    format: request.format,
    modelGroup: request.modelGroup,
    stream,
    headers,
    body: canonicalCacheBody(request.body, stream),
  });
  const target = { cache: await caches.open(RESPONSE_CACHE_NAME), request: cacheEntryRequest(key) };
  if (policy.lookup) {
    const entry = await target.cache.match(target.request).catch((error: unknown) => {
      console.error("response cache: lookup failed; answering from upstream", error);
      return undefined;
    });
    if (entry !== undefined && isYoungEnough(entry, policy.maxAgeSeconds, Date.now())) {
      const session = resolveSessionIdentity(headers, request.body);
      return {
        hit: serveCacheHit(c, entry, { key, modelGroup: request.modelGroup, stream, session }),
        store: labelled("HIT", key),
      };
    }
  }
  const status: CacheStatus = policy.lookup ? "MISS" : "BYPASS";
  if (!policy.store) return { hit: undefined, store: labelled(status, key) };
  return {
    hit: undefined,
    store: async (response, scope) => {
      const stored = await storeAnswer(response, scope, { ...target, ttlSeconds: policy.ttlSeconds });
      setCacheStatusHeaders(stored.headers, status, key);
      return stored;
    },
  };
}
