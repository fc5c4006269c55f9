import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { bufferToHex, digestsEqual, sha256Bytes } from "../core/auth/hash-key.ts";
import { openStoredConfig } from "../core/config/open-stored-config.ts";
import { resolveGatewayConfig } from "../core/config/resolve-gateway-config.ts";
import { configVersions, virtualKeys } from "../core/db/schema.ts";
import type { AdminActor, AdminEnv } from "./admin-env.ts";

/** Who an admin key stands for, or why it stands for nobody. */
export type AdminKeyLookup =
  | { ok: true; actor: AdminActor; keyAlias: string | null; keyExpiresAt: number | null }
  /** `unknown_key`: no such key, or it is blocked or expired. `no_admin_role`: a data-plane key. */
  | { ok: false; reason: "unknown_key" }
  | { ok: false; reason: "no_admin_role"; keyPrefix: string; teamId: string | null };

/**
 * The master key: the MASTER_KEY secret if set, else the active config's
 * `general_settings.master_key` (as in LiteLLM). The control plane may read
 * D1 per request; only the gateway's hot path may not.
 */
async function currentMasterKey(env: AdminEnv): Promise<string | undefined> {
  if (env.MASTER_KEY !== undefined && env.MASTER_KEY !== "") return env.MASTER_KEY;
  const row = await drizzle(env.DB)
    .select({ version: configVersions.version, configJson: configVersions.configJson })
    .from(configVersions)
    .where(eq(configVersions.isActive, true))
    .get();
  if (row === undefined) return undefined;
  // The stored master_key may be sealed (workers/core/secrets/): open it as the gateway does.
  const opened = await openStoredConfig(row.configJson, env);
  return resolveGatewayConfig(opened.config, row.version, env).masterKey;
}

/**
 * Resolves an admin key by its SHA-256 (a presented bearer key's, or the one a
 * dashboard session was issued from): the master key is role `admin`; a virtual
 * key needs a role and must be neither blocked nor expired. Read per call, so a
 * blocked key or a rotated master key stops working at once.
 */
export async function lookUpAdminKey(env: AdminEnv, keyDigest: ArrayBuffer): Promise<AdminKeyLookup> {
  const masterKey = await currentMasterKey(env);
  if (masterKey !== undefined && digestsEqual(keyDigest, await sha256Bytes(masterKey))) {
    return {
      ok: true,
      actor: { kind: "master", role: "admin", label: "master_key" },
      keyAlias: null,
      keyExpiresAt: null,
    };
  }
  const row = await drizzle(env.DB)
    .select({
      role: virtualKeys.role,
      teamId: virtualKeys.teamId,
      blocked: virtualKeys.blocked,
      expiresAt: virtualKeys.expiresAt,
      keyPrefix: virtualKeys.keyPrefix,
      keyAlias: virtualKeys.keyAlias,
    })
    .from(virtualKeys)
    .where(eq(virtualKeys.tokenHash, bufferToHex(keyDigest)))
    .get();
  const usable = row !== undefined && !row.blocked && (row.expiresAt === null || row.expiresAt > Date.now());
  if (!usable) return { ok: false, reason: "unknown_key" };
  if (row.role === null) return { ok: false, reason: "no_admin_role", keyPrefix: row.keyPrefix, teamId: row.teamId };
  return {
    ok: true,
    actor: { kind: "key", role: row.role, label: row.keyPrefix, teamId: row.teamId },
    keyAlias: row.keyAlias,
    keyExpiresAt: row.expiresAt,
  };
}
