import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { agents } from "../../core/db/schema.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { assertTeamScope, requireWriter } from "../authorize.ts";

/**
 * The registered agent an approval or kill switch acts on, with the actor's right to act checked:
 * reads for every role, writes for writers, and a team_admin only within its team.
 */
export async function governedAgent(c: Context<AdminHonoEnv>, agentId: string, access: "read" | "write") {
  const actor = c.get("actor");
  if (access === "write") requireWriter(actor);
  const agent = await drizzle(c.env.DB)
    .select({ id: agents.id, name: agents.name, teamId: agents.teamId })
    .from(agents)
    .where(eq(agents.id, agentId))
    .get();
  if (agent === undefined) throw notFound(`Agent '${agentId}'`);
  assertTeamScope(actor, agent.teamId);
  return { agent, control: c.env.GATEWAY.agentControl(agent.id) };
}

/** Who decided, as the audit trail names admins. */
export function actorLabel(c: Context<AdminHonoEnv>): string {
  const actor = c.get("actor");
  return actor.kind === "master" ? "master" : actor.label;
}
