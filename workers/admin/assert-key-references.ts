import { eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { agents, users } from "../core/db/schema.ts";
import { GatewayError } from "../core/errors/gateway-error.ts";
import type { AdminActor } from "./admin-env.ts";

/**
 * What a key body may point at when a team_admin writes it: a user of its own
 * team, and an agent its own team owns in the registry. A key's `agent_id` is
 * the agent it speaks for — its /mcp/memory store, its budget scope, its
 * traces — so pointing one at another team's agent (or at an id no registry
 * row owns, which no team_admin reaches elsewhere either) would hand that
 * agent to the wrong team. Admins may point keys anywhere.
 */
export async function assertKeyReferencesInScope(
  db: DrizzleD1Database,
  actor: AdminActor,
  references: { userId?: string | null | undefined; agentId?: string | null | undefined },
): Promise<void> {
  if (actor.kind !== "key" || actor.role !== "team_admin") return;
  const ownTeam = actor.teamId;
  const { userId, agentId } = references;
  if (userId !== null && userId !== undefined) {
    const user = await db.select({ teamId: users.teamId }).from(users).where(eq(users.id, userId)).get();
    if (ownTeam === null || user?.teamId !== ownTeam) {
      throw new GatewayError(
        "permission_denied",
        `A team_admin key can only attach keys to its own team's users; user '${userId}' is not one.`,
        { param: "user_id" },
      );
    }
  }
  if (agentId !== null && agentId !== undefined) {
    const agent = await db.select({ teamId: agents.teamId }).from(agents).where(eq(agents.id, agentId)).get();
    if (ownTeam === null || agent?.teamId !== ownTeam) {
      throw new GatewayError(
        "permission_denied",
        `A team_admin key can only attach keys to agents its own team owns; agent '${agentId}' is not one.`,
        { param: "agent_id" },
      );
    }
  }
}
