import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { sessionResponses } from "../../core/db/schema.ts";

const CACHE_NAME = "switchyard-response-sessions";
/** A chain is usually continued within minutes; later follow-ups find the D1 copy the queue consumer wrote. */
const CACHE_TTL_SECONDS = 86_400;

function cacheRequest(scope: string, responseId: string): Request {
  return new Request(
    `https://response-sessions.switchyard.internal/${encodeURIComponent(scope)}/${encodeURIComponent(responseId)}`,
  );
}

/**
 * Remembers which session a Responses answer belongs to, in this colo's Cache API: a follow-up naming it
 * in `previous_response_id` usually arrives seconds later, before the queue consumer has written the D1
 * copy (session_responses). Runs after the response, in waitUntil.
 */
export async function rememberResponseSession(scope: string, responseId: string, sessionId: string): Promise<void> {
  const cache = await caches.open(CACHE_NAME);
  await cache.put(
    cacheRequest(scope, responseId),
    new Response(sessionId, { headers: { "cache-control": `max-age=${CACHE_TTL_SECONDS}` } }),
  );
}

/**
 * The session of an earlier answer of the same caller scope: the colo's cache, else D1. Only requests
 * that chain by `previous_response_id` without naming a session pay this lookup. A failure is treated
 * as "no session": recording must never fail a request.
 */
export async function lookupResponseSession(
  database: D1Database,
  scope: string,
  responseId: string,
): Promise<string | undefined> {
  try {
    const cached = await (await caches.open(CACHE_NAME)).match(cacheRequest(scope, responseId));
    if (cached !== undefined) return await cached.text();
    const row = await drizzle(database)
      .select({ sessionId: sessionResponses.sessionId })
      .from(sessionResponses)
      .where(and(eq(sessionResponses.scope, scope), eq(sessionResponses.responseId, responseId)))
      .get();
    return row?.sessionId;
  } catch (error) {
    console.error(`session of response ${responseId} could not be looked up`, error);
    return undefined;
  }
}
