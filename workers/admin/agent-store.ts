import { and, eq, isNull, ne } from "drizzle-orm";
import type { drizzle } from "drizzle-orm/d1";
import { sha256Hex } from "../core/auth/hash-key.ts";
import { generateVirtualKey, keyDisplayPrefix } from "../core/auth/virtual-key.ts";
import { agents, type virtualKeys } from "../core/db/schema.ts";
import { GatewayError } from "../core/errors/gateway-error.ts";
import { notFound } from "./admin-error.ts";

type Database = ReturnType<typeof drizzle>;
type AgentRow = typeof agents.$inferSelect;

/** Any agent, deleted ones included (they stay readable: spend and traces still name them). */
export async function findAgent(db: Database, agentId: string): Promise<AgentRow> {
  const row = await db.select().from(agents).where(eq(agents.id, agentId)).get();
  if (row === undefined) throw notFound(`Agent '${agentId}'`);
  return row;
}

/** An agent that may still change: deleted agents are history. */
export async function findLiveAgent(db: Database, agentId: string): Promise<AgentRow> {
  const row = await findAgent(db, agentId);
  if (row.deletedAt !== null) throw new GatewayError("route_not_found", `Agent '${agentId}' was deleted.`);
  return row;
}

/** Names are unique among a team's live agents (a partial unique index backs this up under races). */
export async function assertAgentNameFree(db: Database, teamId: string, name: string, exceptId?: string) {
  const clash = await db
    .select({ id: agents.id })
    .from(agents)
    .where(
      and(
        eq(agents.teamId, teamId),
        eq(agents.name, name),
        isNull(agents.deletedAt),
        exceptId === undefined ? undefined : ne(agents.id, exceptId),
      ),
    )
    .get();
  if (clash !== undefined) {
    throw new GatewayError("invalid_request", `Team '${teamId}' already has an agent named '${name}'.`, {
      param: "name",
    });
  }
}

/** D1 reports constraint failures only in the message. */
export function isConstraintViolation(error: unknown): boolean {
  const message = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error);
  return /UNIQUE constraint failed|PRIMARY KEY/i.test(message);
}

/**
 * A new virtual key for the agent: its identity on the gateway. It carries no limits of its own; the
 * agent's limits apply through the agent's budget scope, shared by every key of the agent.
 */
export async function newAgentKey(
  agent: { id: string; teamId: string; name: string },
  createdBy: string,
): Promise<{ key: string; row: typeof virtualKeys.$inferInsert }> {
  const key = generateVirtualKey();
  return {
    key,
    row: {
      tokenHash: await sha256Hex(key),
      keyPrefix: keyDisplayPrefix(key),
      keyAlias: `agent:${agent.name}`,
      teamId: agent.teamId,
      agentId: agent.id,
      models: [],
      metadata: {},
      createdBy,
    },
  };
}
