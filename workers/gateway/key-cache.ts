import { eq, gt, max } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { CachedKey, ScopeLimits } from "../core/auth/cached-key.ts";
import { agents, keyChanges, teams, users, virtualKeys } from "../core/db/schema.ts";
import { GatewayError } from "../core/errors/gateway-error.ts";
import { readAgentGovernance } from "../core/governance/agent-governance.ts";
import { readAgentTracePolicy } from "../core/session/trace-policy.ts";

const DEFAULT_REFRESH_MS = 2000;
/** Bounds memory against floods of random keys (each unknown key is cached as "no such key"). */
const MAX_ENTRIES = 10_000;
/** Belt and braces: even without a logged change, an entry is re-read after this long. */
const MAX_ENTRY_AGE_MS = 5 * 60_000;
const CHANGES_PER_POLL = 1000;

interface Entry {
  key: CachedKey | null;
  loadedAt: number;
}

function limitsOf(row: {
  maxBudgetUsd: number | null;
  budgetDuration: string | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
  maxParallelRequests: number | null;
  budgetTimezone: string | null;
  unknownPrice: "refuse" | "allow" | null;
  budgetMode: "strict" | "fast" | null;
}): ScopeLimits {
  return {
    maxBudgetUsd: row.maxBudgetUsd,
    budgetDuration: row.budgetDuration,
    rpmLimit: row.rpmLimit,
    tpmLimit: row.tpmLimit,
    maxParallelRequests: row.maxParallelRequests,
    ...(row.budgetTimezone === null ? {} : { timezone: row.budgetTimezone }),
    ...(row.unknownPrice === null ? {} : { unknownPrice: row.unknownPrice }),
    ...(row.budgetMode === null ? {} : { budgetMode: row.budgetMode }),
  };
}

/**
 * Virtual keys cached in the isolate, so the hot path reads D1 only for a key
 * this isolate has not seen yet. Revocation: every key write appends to
 * `key_changes` (by trigger); every CONFIG_REFRESH_MS one background query
 * reads the new entries and evicts those hashes, so a blocked, deleted or
 * re-limited key takes effect everywhere within a few seconds.
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private lastSeq: number | undefined;
  private checkedAt = 0;
  private polling: Promise<void> | undefined;

  async get(tokenHash: string, env: Env, waitUntil: (promise: Promise<unknown>) => void): Promise<CachedKey | null> {
    const now = Date.now();
    // A cold isolate learns where the change log stands before caching anything, so no change can slip between.
    if (this.lastSeq === undefined) await this.pollChanges(env).catch(keyStoreUnavailable);
    else if (
      now - this.checkedAt >= Number(env.CONFIG_REFRESH_MS ?? DEFAULT_REFRESH_MS) &&
      this.polling === undefined
    ) {
      this.polling = this.pollChanges(env)
        .catch((error: unknown) => console.error("key change poll failed; serving cached keys", error))
        .finally(() => {
          this.polling = undefined;
        });
      waitUntil(this.polling);
    }
    const entry = this.entries.get(tokenHash);
    if (entry !== undefined && now - entry.loadedAt < MAX_ENTRY_AGE_MS) return entry.key;
    let key: CachedKey | null;
    try {
      key = await this.load(env, tokenHash);
    } catch (error) {
      // D1 is down: a key this isolate knew is still served (revocations cannot be read either until D1 is back).
      if (entry === undefined) keyStoreUnavailable(error);
      console.error("key re-read failed; serving the cached entry", error);
      return entry.key;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(tokenHash, { key, loadedAt: now });
    return key;
  }

  clear(): void {
    this.entries.clear();
    this.lastSeq = undefined;
    this.checkedAt = 0;
  }

  private async pollChanges(env: Env): Promise<void> {
    const db = drizzle(env.DB);
    if (this.lastSeq === undefined) {
      const row = await db
        .select({ seq: max(keyChanges.seq) })
        .from(keyChanges)
        .get();
      this.lastSeq = row?.seq ?? 0;
      this.checkedAt = Date.now();
      return;
    }
    const changes = await db
      .select({ seq: keyChanges.seq, tokenHash: keyChanges.tokenHash })
      .from(keyChanges)
      .where(gt(keyChanges.seq, this.lastSeq))
      .orderBy(keyChanges.seq)
      .limit(CHANGES_PER_POLL);
    this.checkedAt = Date.now();
    for (const change of changes) {
      this.entries.delete(change.tokenHash);
      this.lastSeq = change.seq;
    }
  }

  private async load(env: Env, tokenHash: string): Promise<CachedKey | null> {
    const row = await drizzle(env.DB)
      .select({ key: virtualKeys, team: teams, user: users, agent: agents })
      .from(virtualKeys)
      .leftJoin(teams, eq(teams.id, virtualKeys.teamId))
      .leftJoin(users, eq(users.id, virtualKeys.userId))
      .leftJoin(agents, eq(agents.id, virtualKeys.agentId))
      .where(eq(virtualKeys.tokenHash, tokenHash))
      .get();
    if (row === undefined) return null;
    const { key, team, user, agent } = row;
    return {
      tokenHash: key.tokenHash,
      keyPrefix: key.keyPrefix,
      keyAlias: key.keyAlias,
      teamId: key.teamId,
      userId: key.userId,
      agentId: key.agentId,
      models: key.models ?? [],
      teamModels: team?.models ?? [],
      // Deleting an agent blocks its keys; a key pointed at a deleted agent later is blocked all the same.
      blocked: key.blocked || (agent !== null && agent.deletedAt !== null),
      teamBlocked: team?.blocked ?? false,
      expiresAt: key.expiresAt,
      role: key.role,
      limits: {
        key: limitsOf(key),
        team: team === null ? null : limitsOf(team),
        user: user === null ? null : limitsOf(user),
        agent: agent === null ? null : limitsOf(agent),
      },
      tracePolicy: agent === null ? null : readAgentTracePolicy(agent.tracePolicy),
      governance: agent === null ? null : readAgentGovernance(agent),
    };
  }
}

/** A key this isolate cannot look up while D1 is down: the caller may retry, unlike a wrong key. */
function keyStoreUnavailable(cause: unknown): never {
  throw new GatewayError("config_unavailable", "The gateway could not look up this API key; try again shortly.", {
    cause,
    isRetryable: true,
    retryAfterSeconds: 1,
  });
}

export const gatewayKeyCache = new KeyCache();
