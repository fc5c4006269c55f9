import type { Context } from "hono";
import type { SessionIdentity } from "../../core/session/session-identity.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { SSE_HEADERS } from "../pipeline/model-request-scope.ts";
import { recordingContextOf } from "../pipeline/record-request.ts";
import { replayedHeaders } from "./cache-entry.ts";
import { setCacheStatusHeaders } from "./cache-status-headers.ts";
import { CACHE_PROVIDER, recordCacheHit } from "./record-cache-hit.ts";

export interface CacheHit {
  key: string;
  modelGroup: string;
  stream: boolean;
  session: SessionIdentity | undefined;
}

/**
 * Answers from a stored entry: the stored bytes as they are (a stream is
 * replayed as a stream), the routing headers saying provider `cache` and no
 * upstream attempt, cost 0, and a spend record marked `cacheHit`. Nothing
 * upstream is called, and no budget or rate limit is touched: the request
 * returns before the attempt loop that reserves them.
 */
export function serveCacheHit(c: Context<GatewayHonoEnv>, entry: Response, hit: CacheHit): Response {
  const headers = replayedHeaders(entry);
  if (hit.stream) for (const [name, value] of Object.entries(SSE_HEADERS)) headers.set(name, value);
  headers.set("x-switchyard-model-group", hit.modelGroup);
  headers.set("x-switchyard-provider", CACHE_PROVIDER);
  headers.set("x-switchyard-deployment", CACHE_PROVIDER);
  headers.set("x-switchyard-attempts", "0");
  headers.set("x-switchyard-overhead-ms", (performance.now() - c.get("receivedAt")).toFixed(3));
  headers.set("x-switchyard-translation", "none");
  headers.set("x-switchyard-response-cost", "0");
  if (hit.session !== undefined) headers.set("x-switchyard-session-id", hit.session.sessionId);
  setCacheStatusHeaders(headers, "HIT", hit.key);
  recordCacheHit(recordingContextOf(c), {
    modelGroup: hit.modelGroup,
    stream: hit.stream,
    sessionId: hit.session?.sessionId,
  });
  return new Response(entry.body, { status: 200, headers });
}
