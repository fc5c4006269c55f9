import { eq, gt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { type VaultDestination, type VaultInjection, vaultCredentials } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";

const DEFAULT_REFRESH_MS = 2000;
const MAX_ENTRIES = 10_000;
const MAX_ENTRY_AGE_MS = 5 * 60_000;
/**
 * How far back each change poll looks before the previous one: a write stamped just before a poll but
 * committed just after it is still seen by the next. Re-reading a few unchanged entries costs nothing.
 */
const POLL_OVERLAP_MS = 30_000;

/** What the egress proxy needs of a live credential; the secret stays sealed until a request is allowed. */
export interface CachedVaultCredential {
  id: string;
  teamId: string;
  name: string;
  stub: string;
  sealedSecret: string;
  destinations: VaultDestination[];
  injection: VaultInjection;
  allowedAgents: string[];
}

interface Entry {
  credential: CachedVaultCredential | null;
  loadedAt: number;
}

/**
 * Vault credentials cached in the isolate, like virtual keys (key-cache.ts): D1 is read on an isolate's
 * first sight of a credential, and every CONFIG_REFRESH_MS one background query finds the credentials
 * written since the last poll (every create, edit, rotation and delete stamps `updated_at`) and evicts
 * them, so a rotated, re-bound or deleted credential takes effect everywhere within seconds.
 */
export class VaultCredentialCache {
  private readonly entries = new Map<string, Entry>();
  private polledFrom: number | undefined;
  private checkedAt = 0;
  private polling: Promise<void> | undefined;

  async get(
    id: string,
    env: Env,
    waitUntil: (promise: Promise<unknown>) => void,
  ): Promise<CachedVaultCredential | null> {
    const now = Date.now();
    if (this.polledFrom === undefined) {
      this.polledFrom = now;
      this.checkedAt = now;
    } else if (
      now - this.checkedAt >= Number(env.CONFIG_REFRESH_MS ?? DEFAULT_REFRESH_MS) &&
      this.polling === undefined
    ) {
      this.polling = this.pollChanges(env, now)
        .catch((error: unknown) => console.error("vault change poll failed; serving cached credentials", error))
        .finally(() => {
          this.polling = undefined;
        });
      waitUntil(this.polling);
    }
    const entry = this.entries.get(id);
    if (entry !== undefined && now - entry.loadedAt < MAX_ENTRY_AGE_MS) return entry.credential;
    let credential: CachedVaultCredential | null;
    try {
      credential = await this.load(env, id);
    } catch (error) {
      // Unlike a key, a credential is not served stale when D1 is down: a deletion could not be seen.
      throw new GatewayError(
        "config_unavailable",
        "The gateway could not look up this credential; try again shortly.",
        {
          cause: error,
          isRetryable: true,
          retryAfterSeconds: 1,
        },
      );
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(id, { credential, loadedAt: now });
    return credential;
  }

  clear(): void {
    this.entries.clear();
    this.polledFrom = undefined;
    this.checkedAt = 0;
  }

  private async pollChanges(env: Env, now: number): Promise<void> {
    const since = (this.polledFrom ?? now) - POLL_OVERLAP_MS;
    const changed = await drizzle(env.DB)
      .select({ id: vaultCredentials.id })
      .from(vaultCredentials)
      .where(gt(vaultCredentials.updatedAt, since));
    this.polledFrom = now;
    this.checkedAt = Date.now();
    for (const { id } of changed) this.entries.delete(id);
  }

  private async load(env: Env, id: string): Promise<CachedVaultCredential | null> {
    const row = await drizzle(env.DB).select().from(vaultCredentials).where(eq(vaultCredentials.id, id)).get();
    if (row === undefined || row.deletedAt !== null) return null;
    return {
      id: row.id,
      teamId: row.teamId,
      name: row.name,
      stub: row.stub,
      sealedSecret: row.sealedSecret,
      destinations: row.destinations,
      injection: row.injection,
      allowedAgents: row.allowedAgents,
    };
  }
}

export const vaultCredentialCache = new VaultCredentialCache();
