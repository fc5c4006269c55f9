import { and, count, desc, eq, isNotNull, type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { agents, spendLogs, teams, virtualKeys } from "../../core/db/schema.ts";
import type { AnalyticsRange } from "./analytics-range.ts";
import { spendRangeFilter } from "./spend-range-filter.ts";

/** Each breakdown lists its top entries by spend. */
export const BREAKDOWN_LIMIT = 10;

export interface SpendBreakdowns {
  by_model: Array<{ model: string; spend_usd: number; requests: number }>;
  /** `provider` is null for requests refused before a deployment was chosen. */
  by_provider: Array<{ provider: string | null; spend_usd: number; requests: number }>;
  by_team: Array<{ team_id: string | null; team_alias: string | null; spend_usd: number; requests: number }>;
  /** Only requests made with an agent's key. */
  by_agent: Array<{ agent_id: string; name: string | null; spend_usd: number; requests: number }>;
  /** `token` is the key's SHA-256, as /key/list names keys. */
  top_keys: Array<{ token: string; key_alias: string | null; spend_usd: number; requests: number }>;
}

const spendSum = () => sql<number>`coalesce(sum(${spendLogs.costUsd}), 0)`.mapWith(Number);
/** Highest spend first; ties by request count, then by the group's own value so the order is stable. */
const bySpend = (group: SQL) => [desc(spendSum()), desc(count()), group] as const;

/**
 * Spend and requests over the range by model, provider, team, agent and key,
 * with the names the dashboard shows (team alias, agent name, key alias), in
 * one D1 batch.
 */
export async function readSpendBreakdowns(db: DrizzleD1Database, range: AnalyticsRange): Promise<SpendBreakdowns> {
  const where = spendRangeFilter(range);
  const [models, providers, teamRows, agentRows, keyRows] = await db.batch([
    db
      .select({ model: spendLogs.modelGroup, spend_usd: spendSum(), requests: count() })
      .from(spendLogs)
      .where(where)
      .groupBy(spendLogs.modelGroup)
      .orderBy(...bySpend(sql`${spendLogs.modelGroup}`))
      .limit(BREAKDOWN_LIMIT),
    db
      .select({ provider: spendLogs.provider, spend_usd: spendSum(), requests: count() })
      .from(spendLogs)
      .where(where)
      .groupBy(spendLogs.provider)
      .orderBy(...bySpend(sql`${spendLogs.provider}`))
      .limit(BREAKDOWN_LIMIT),
    db
      .select({ team_id: spendLogs.teamId, team_alias: teams.alias, spend_usd: spendSum(), requests: count() })
      .from(spendLogs)
      .leftJoin(teams, eq(teams.id, spendLogs.teamId))
      .where(where)
      .groupBy(spendLogs.teamId, teams.alias)
      .orderBy(...bySpend(sql`${spendLogs.teamId}`))
      .limit(BREAKDOWN_LIMIT),
    db
      .select({
        agent_id: sql<string>`${spendLogs.agentId}`,
        name: agents.name,
        spend_usd: spendSum(),
        requests: count(),
      })
      .from(spendLogs)
      .leftJoin(agents, eq(agents.id, spendLogs.agentId))
      .where(and(where, isNotNull(spendLogs.agentId)))
      .groupBy(spendLogs.agentId, agents.name)
      .orderBy(...bySpend(sql`${spendLogs.agentId}`))
      .limit(BREAKDOWN_LIMIT),
    db
      .select({
        token: sql<string>`${spendLogs.keyHash}`,
        key_alias: virtualKeys.keyAlias,
        spend_usd: spendSum(),
        requests: count(),
      })
      .from(spendLogs)
      .leftJoin(virtualKeys, eq(virtualKeys.tokenHash, spendLogs.keyHash))
      .where(and(where, isNotNull(spendLogs.keyHash)))
      .groupBy(spendLogs.keyHash, virtualKeys.keyAlias)
      .orderBy(...bySpend(sql`${spendLogs.keyHash}`))
      .limit(BREAKDOWN_LIMIT),
  ]);
  return { by_model: models, by_provider: providers, by_team: teamRows, by_agent: agentRows, top_keys: keyRows };
}
