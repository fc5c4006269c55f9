import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { createMiddleware } from "hono/factory";
import { extractApiKey, maskKey } from "../../core/auth/extract-api-key.ts";
import { digestsEqual, sha256Bytes } from "../../core/auth/hash-key.ts";
import { litellmConfigSchema } from "../../core/config/litellm-config-schema.ts";
import { resolveGatewayConfig } from "../../core/config/resolve-gateway-config.ts";
import { configVersions } from "../../core/db/schema.ts";
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

/** Admin routes accept only the master key for now; role-scoped admin keys come with virtual keys. */
export const adminAuth = createMiddleware<AdminHonoEnv>(async (c, next) => {
  const presented = extractApiKey(c.req.raw.headers);
  if (presented === undefined) {
    throw new GatewayError("authentication_missing", "Send the master key as 'Authorization: Bearer <key>'.");
  }
  const masterKey = await currentMasterKey(c.env);
  if (masterKey === undefined) {
    throw new GatewayError(
      "config_unavailable",
      "No master key is configured: set the MASTER_KEY secret or import a config.",
    );
  }
  const [presentedDigest, expectedDigest] = await Promise.all([sha256Bytes(presented), sha256Bytes(masterKey)]);
  if (!digestsEqual(presentedDigest, expectedDigest)) {
    throw new GatewayError("authentication_failed", `Incorrect API key provided: ${maskKey(presented)}.`);
  }
  c.set("actor", "master_key");
  await next();
});
