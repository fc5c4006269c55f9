import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import type { drizzle } from "drizzle-orm/d1";
import { agents, vaultCredentials } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { isCredentialId } from "../../core/vault/credential-stub.ts";
import { notFound } from "../admin-error.ts";

type Database = ReturnType<typeof drizzle>;
export type VaultCredentialRow = typeof vaultCredentials.$inferSelect;

/** A live credential; deleted ones are gone for the admin API too (their envelope is wiped). */
export async function findLiveCredential(db: Database, id: string): Promise<VaultCredentialRow> {
  const row = isCredentialId(id)
    ? await db.select().from(vaultCredentials).where(eq(vaultCredentials.id, id)).get()
    : undefined;
  if (row === undefined || row.deletedAt !== null) throw notFound(`Credential '${id}'`);
  return row;
}

/** Names are unique among a team's live credentials (a partial unique index backs this up under races). */
export async function assertCredentialNameFree(db: Database, teamId: string, name: string, exceptId?: string) {
  const clash = await db
    .select({ id: vaultCredentials.id })
    .from(vaultCredentials)
    .where(
      and(
        eq(vaultCredentials.teamId, teamId),
        eq(vaultCredentials.name, name),
        isNull(vaultCredentials.deletedAt),
        exceptId === undefined ? undefined : ne(vaultCredentials.id, exceptId),
      ),
    )
    .get();
  if (clash !== undefined) {
    throw new GatewayError("invalid_request", `Team '${teamId}' already has a credential named '${name}'.`, {
      param: "name",
    });
  }
}

/** Grants name live agents of the credential's own team (or `*`): a typo would otherwise grant nothing, silently. */
export async function assertAgentsOfTeam(db: Database, teamId: string, agentIds: readonly string[]): Promise<void> {
  const named = [...new Set(agentIds.filter((id) => id !== "*"))];
  if (named.length === 0) return;
  // D1 binds at most 100 parameters per query (the team is one): up to 500 names are looked up in slices.
  const slices: string[][] = [];
  for (let start = 0; start < named.length; start += 90) slices.push(named.slice(start, start + 90));
  const found = await Promise.all(
    slices.map((slice) =>
      db
        .select({ id: agents.id })
        .from(agents)
        .where(and(inArray(agents.id, slice), eq(agents.teamId, teamId), isNull(agents.deletedAt))),
    ),
  );
  const known = new Set(found.flat().map((row) => row.id));
  const missing = named.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new GatewayError(
      "invalid_request",
      `allowed_agents names agents that are not live agents of team '${teamId}': ${missing.join(", ")}.`,
      { param: "allowed_agents" },
    );
  }
}
