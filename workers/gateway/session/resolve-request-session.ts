import type { Context } from "hono";
import {
  mintSessionId,
  previousResponseIdOf,
  resolveSessionIdentity,
  type SessionIdentity,
  wantsNewSession,
} from "../../core/session/session-identity.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { principalSessionScope } from "./principal-session-scope.ts";
import { lookupResponseSession } from "./response-session-index.ts";

/**
 * The session of a model request: the one the client names (session-identity.ts), else — for a
 * Responses request chained by `previous_response_id` — the session of the answer it continues, else a
 * freshly minted `sess_…` when the client sent `x-switchyard-session: new`, else none.
 */
export async function resolveRequestSession(
  c: Context<GatewayHonoEnv>,
  body: Record<string, unknown>,
): Promise<SessionIdentity | undefined> {
  const headers = c.req.raw.headers;
  const named = resolveSessionIdentity(headers, body);
  if (named !== undefined) return named;
  const previous = c.get("apiFormat") === "openai-responses" ? previousResponseIdOf(body) : undefined;
  if (previous !== undefined) {
    const sessionId = await lookupResponseSession(c.env.DB, principalSessionScope(c.get("principal")), previous);
    if (sessionId !== undefined) return { sessionId, source: "previous_response_id" };
  }
  if (wantsNewSession(headers)) return { sessionId: mintSessionId(), source: "minted" };
  return undefined;
}
