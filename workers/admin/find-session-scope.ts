import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { sessions } from "../core/db/schema.ts";
import { GatewayError } from "../core/errors/gateway-error.ts";
import { sessionScopeOf } from "../core/session/session-scope.ts";
import type { AdminActor } from "./admin-env.ts";
import { notFound } from "./admin-error.ts";
import { teamFilterFor } from "./authorize.ts";

/**
 * The scope of the session the admin means by its public id: the one row of the D1 index with that id
 * the actor may see. An id two tenants both used needs `?scope=` to pick one. An explicit scope the
 * actor may see is trusted without the index, so a session is readable before the queue consumer has
 * indexed it.
 */
export async function findSessionScope(
  database: D1Database,
  actor: AdminActor,
  sessionId: string,
  requestedScope: string | undefined,
): Promise<string> {
  const teamFilter = teamFilterFor(actor);
  if (requestedScope !== undefined) {
    // A team_admin reaches only its team's scope; a key without a team is no team's.
    if (teamFilter !== undefined && requestedScope !== sessionScopeOf({ keyHash: "", teamId: teamFilter })) {
      throw notFound(`Session '${sessionId}'`);
    }
    return requestedScope;
  }
  const rows = await drizzle(database)
    .select({ scope: sessions.scope })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), teamFilter === undefined ? undefined : eq(sessions.teamId, teamFilter)))
    .limit(20)
    .all();
  const [first, ...others] = rows;
  if (first === undefined) throw notFound(`Session '${sessionId}'`);
  if (others.length > 0) {
    throw new GatewayError(
      "invalid_request",
      `Session id '${sessionId}' exists in ${rows.length} scopes (${rows.map((row) => row.scope).join(", ")}); name one with ?scope=.`,
      { param: "scope" },
    );
  }
  return first.scope;
}
