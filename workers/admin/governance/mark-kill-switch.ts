import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { agents } from "../../core/db/schema.ts";
import type { AdminHonoEnv } from "../admin-env.ts";

/**
 * Keeps `agents.kill_switch_at` in step with the agent's AgentControl stops. An agent without governance
 * settings skips the per-request check; while any of its stops is active this column makes its keys
 * check (every isolate picks it up from the key change log within CONFIG_REFRESH_MS). Written only on a
 * real change, so repeated stops do not churn the key caches.
 */
export async function markKillSwitch(c: Context<AdminHonoEnv>, agentId: string): Promise<void> {
  const state = await c.env.GATEWAY.agentControl(agentId).state();
  const active = state.agentStop !== null || state.keyStops.length > 0 || state.sessionStops.length > 0;
  const db = drizzle(c.env.DB);
  if (active) {
    await db
      .update(agents)
      .set({ killSwitchAt: Date.now() })
      .where(and(eq(agents.id, agentId), isNull(agents.killSwitchAt)));
  } else {
    await db
      .update(agents)
      .set({ killSwitchAt: null })
      .where(and(eq(agents.id, agentId), isNotNull(agents.killSwitchAt)));
  }
}
