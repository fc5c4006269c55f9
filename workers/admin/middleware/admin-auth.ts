import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { createMiddleware } from "hono/factory";
import { extractApiKey, maskKey } from "../../core/auth/extract-api-key.ts";
import { bufferToHex, digestsEqual, sha256Bytes } from "../../core/auth/hash-key.ts";
import { litellmConfigSchema } from "../../core/config/litellm-config-schema.ts";
import { resolveGatewayConfig } from "../../core/config/resolve-gateway-config.ts";
import { configVersions, virtualKeys } from "../../core/db/schema.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { AdminEnv, AdminHonoEnv } from "../admin-env.ts";

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
  return resolveGatewayConfig(litellmConfigSchema.parse(JSON.parse(row.configJson)), row.version, env).masterKey;
}

/**
 * The admin API accepts the master key (full access) or a virtual key issued
 * with a role: `admin`, `team_admin` (its own team only) or `viewer` (read-only).
 * Keys without a role are data-plane keys and are refused here.
 */
export const adminAuth = createMiddleware<AdminHonoEnv>(async (c, next) => {
  const presented = extractApiKey(c.req.raw.headers);
  if (presented === undefined) {
    throw new GatewayError("authentication_missing", "Send an admin key as 'Authorization: Bearer <key>'.");
  }
  const presentedDigest = await sha256Bytes(presented);
  const masterKey = await currentMasterKey(c.env);
  if (masterKey !== undefined && digestsEqual(presentedDigest, await sha256Bytes(masterKey))) {
    c.set("actor", { kind: "master", role: "admin", label: "master_key" });
    await next();
    return;
  }
  const row = await drizzle(c.env.DB)
    .select({
      role: virtualKeys.role,
      teamId: virtualKeys.teamId,
      blocked: virtualKeys.blocked,
      expiresAt: virtualKeys.expiresAt,
      keyPrefix: virtualKeys.keyPrefix,
    })
    .from(virtualKeys)
    .where(eq(virtualKeys.tokenHash, bufferToHex(presentedDigest)))
    .get();
  const usable = row !== undefined && !row.blocked && (row.expiresAt === null || row.expiresAt > Date.now());
  if (!usable) throw new GatewayError("authentication_failed", `Incorrect API key provided: ${maskKey(presented)}.`);
  if (row.role === null) {
    throw new GatewayError(
      "permission_denied",
      "This key has no admin role; ask an admin for a key with role admin, team_admin or viewer.",
    );
  }
  c.set("actor", { kind: "key", role: row.role, label: row.keyPrefix, teamId: row.teamId });
  await next();
});
