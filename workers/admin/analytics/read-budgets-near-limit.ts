import { and, desc, eq, gt, gte, isNull, lt, type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { type BudgetWindow, computeBudgetWindow, LIFETIME_WINDOW } from "../../core/budget/budget-window.ts";
import { agents, spendLogs, teams, users, virtualKeys } from "../../core/db/schema.ts";

/** A budget is near its limit once its current window's spend reaches this share of it. */
export const NEAR_LIMIT_FRACTION = 0.8;
const NEAR_LIMIT_LIMIT = 10;

export type BudgetScopeKindShown = "key" | "team" | "user" | "agent";

export interface BudgetNearLimit {
  scope: BudgetScopeKindShown;
  /** The key's SHA-256 (as /key/list names it), or the team, user or agent id. */
  id: string;
  name: string | null;
  spend_usd: number;
  max_budget_usd: number;
  fraction: number;
}

/** Where one scope kind keeps its budget, and which spend_logs column attributes spend to it. */
interface BudgetedScopes {
  kind: BudgetScopeKindShown;
  table: SQLiteTable;
  id: SQL<string>;
  name: SQL<string | null>;
  maxBudget: SQL<number>;
  duration: SQL<string | null>;
  timezone: SQL<string | null>;
  team: SQL<string | null>;
  /** Scopes that can still spend: not blocked, not deleted. */
  live: SQL | undefined;
  spentBy: SQL<string | null>;
}

const SCOPES: BudgetedScopes[] = [
  {
    kind: "key",
    table: virtualKeys,
    id: sql`${virtualKeys.tokenHash}`,
    name: sql`coalesce(${virtualKeys.keyAlias}, ${virtualKeys.keyPrefix})`,
    maxBudget: sql`${virtualKeys.maxBudgetUsd}`,
    duration: sql`${virtualKeys.budgetDuration}`,
    timezone: sql`${virtualKeys.budgetTimezone}`,
    team: sql`${virtualKeys.teamId}`,
    live: eq(virtualKeys.blocked, false),
    spentBy: sql`${spendLogs.keyHash}`,
  },
  {
    kind: "team",
    table: teams,
    id: sql`${teams.id}`,
    name: sql`${teams.alias}`,
    maxBudget: sql`${teams.maxBudgetUsd}`,
    duration: sql`${teams.budgetDuration}`,
    timezone: sql`${teams.budgetTimezone}`,
    team: sql`${teams.id}`,
    live: eq(teams.blocked, false),
    spentBy: sql`${spendLogs.teamId}`,
  },
  {
    kind: "user",
    table: users,
    id: sql`${users.id}`,
    name: sql`${users.email}`,
    maxBudget: sql`${users.maxBudgetUsd}`,
    duration: sql`${users.budgetDuration}`,
    timezone: sql`${users.budgetTimezone}`,
    team: sql`${users.teamId}`,
    live: undefined,
    spentBy: sql`${spendLogs.userId}`,
  },
  {
    kind: "agent",
    table: agents,
    id: sql`${agents.id}`,
    name: sql`${agents.name}`,
    maxBudget: sql`${agents.maxBudgetUsd}`,
    duration: sql`${agents.budgetDuration}`,
    timezone: sql`${agents.budgetTimezone}`,
    team: sql`${agents.teamId}`,
    live: isNull(agents.deletedAt),
    spentBy: sql`${spendLogs.agentId}`,
  },
];

/** The budget window holding `now`, as the BudgetCounter computes it (default zone UTC); undefined if unreadable. */
function windowOf(duration: string | null, timezone: string | null, now: number): BudgetWindow | undefined {
  if (duration === null) return LIFETIME_WINDOW;
  try {
    return computeBudgetWindow(duration, timezone ?? "UTC", now);
  } catch (error) {
    console.warn(`budget window skipped for budget_duration ${duration} in ${timezone ?? "UTC"}`, error);
    return undefined;
  }
}

const matches = (column: SQL<string | null>, value: string | null) =>
  value === null ? sql`${column} is null` : sql`${column} = ${value}`;

function scopeFilter(scopes: BudgetedScopes, teamId: string | undefined): SQL | undefined {
  return and(gt(scopes.maxBudget, 0), scopes.live, teamId === undefined ? undefined : sql`${scopes.team} = ${teamId}`);
}

/** The (budget_duration, budget_timezone) pairs among a kind's budgeted scopes: one window each. */
function windowGroupsQuery(db: DrizzleD1Database, scopes: BudgetedScopes, teamId: string | undefined) {
  return db
    .selectDistinct({ duration: scopes.duration, timezone: scopes.timezone })
    .from(scopes.table)
    .where(scopeFilter(scopes, teamId));
}

/** The group's scopes at or past the threshold, with their spend in the window. */
function nearLimitQuery(
  db: DrizzleD1Database,
  scopes: BudgetedScopes,
  teamId: string | undefined,
  group: { duration: string | null; timezone: string | null },
  window: BudgetWindow,
) {
  const spend = sql<number>`sum(${spendLogs.costUsd})`;
  return db
    .select({
      id: scopes.id,
      name: scopes.name,
      maxBudget: sql<number>`${scopes.maxBudget}`.mapWith(Number),
      spend: spend.mapWith(Number),
    })
    .from(scopes.table)
    .innerJoin(
      spendLogs,
      and(
        sql`${scopes.spentBy} = ${scopes.id}`,
        gte(spendLogs.startedAt, window.start),
        lt(spendLogs.startedAt, window.end),
      ),
    )
    .where(
      and(
        scopeFilter(scopes, teamId),
        matches(scopes.duration, group.duration),
        matches(scopes.timezone, group.timezone),
      ),
    )
    .groupBy(scopes.id)
    .having(sql`${spend} >= ${NEAR_LIMIT_FRACTION} * ${scopes.maxBudget}`)
    .orderBy(desc(sql`${spend} / ${scopes.maxBudget}`))
    .limit(NEAR_LIMIT_LIMIT);
}

/**
 * Budgets (key, team, user, agent) whose spend in their current window is at
 * least 80% of `max_budget`, most used first. Spend comes from spend_logs, like
 * the spend reports, not from the budget Durable Objects (so it lags the
 * Queue by seconds). Windows depend on each scope's duration and zone, so
 * scopes are grouped by (duration, zone): one batch finds the groups, a second
 * sums each group's spend over its window with the (scope column, started_at)
 * indexes.
 */
export async function readBudgetsNearLimit(
  db: DrizzleD1Database,
  teamId: string | undefined,
  now: number,
): Promise<BudgetNearLimit[]> {
  const [firstGroups, ...otherGroups] = SCOPES.map((scopes) => windowGroupsQuery(db, scopes, teamId));
  if (firstGroups === undefined) return [];
  const groupsByKind = await db.batch([firstGroups, ...otherGroups]);
  const queries = SCOPES.flatMap((scopes, index) =>
    (groupsByKind[index] ?? []).flatMap((group) => {
      const window = windowOf(group.duration, group.timezone, now);
      return window === undefined
        ? []
        : [{ kind: scopes.kind, query: nearLimitQuery(db, scopes, teamId, group, window) }];
    }),
  );
  const [first, ...rest] = queries;
  if (first === undefined) return [];
  const results = await db.batch([first.query, ...rest.map((entry) => entry.query)]);
  return queries
    .flatMap(({ kind }, index) =>
      (results[index] ?? []).map(
        (row): BudgetNearLimit => ({
          scope: kind,
          id: row.id,
          name: row.name,
          spend_usd: row.spend,
          max_budget_usd: row.maxBudget,
          fraction: row.spend / row.maxBudget,
        }),
      ),
    )
    .sort((left, right) => right.fraction - left.fraction || right.spend_usd - left.spend_usd)
    .slice(0, NEAR_LIMIT_LIMIT);
}
