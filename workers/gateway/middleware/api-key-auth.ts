import { createMiddleware } from "hono/factory";
import { extractApiKey, maskKey } from "../../core/auth/extract-api-key.ts";
import { digestsEqual, sha256Bytes } from "../../core/auth/hash-key.ts";
import type { GatewayConfig } from "../../core/config/gateway-config.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { gatewayConfigCache } from "../config-cache.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";

/** The master key's digest, computed once per config version rather than per request. */
const masterKeyDigests = new WeakMap<GatewayConfig, Promise<ArrayBuffer | undefined>>();

function masterKeyDigest(config: GatewayConfig): Promise<ArrayBuffer | undefined> {
  let digest = masterKeyDigests.get(config);
  if (digest === undefined) {
    digest = config.masterKey === undefined ? Promise.resolve(undefined) : sha256Bytes(config.masterKey);
    masterKeyDigests.set(config, digest);
  }
  return digest;
}

function toHex(buffer: ArrayBuffer): string {
  let hex = "";
  for (const byte of new Uint8Array(buffer)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/**
 * Authenticates from the isolate's cached config: no D1 on the hot path.
 * Keys are compared as SHA-256 digests in constant time.
 */
export const apiKeyAuth = createMiddleware<GatewayHonoEnv>(async (c, next) => {
  const config = await gatewayConfigCache.get(c.env, (promise) => c.executionCtx.waitUntil(promise));
  c.set("config", config);
  const presented = extractApiKey(c.req.raw.headers);
  if (presented === undefined) {
    throw new GatewayError(
      "authentication_missing",
      "You didn't provide an API key. Send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.",
    );
  }
  const [presentedDigest, expectedDigest] = await Promise.all([sha256Bytes(presented), masterKeyDigest(config)]);
  if (expectedDigest === undefined || !digestsEqual(presentedDigest, expectedDigest)) {
    throw new GatewayError("authentication_failed", `Incorrect API key provided: ${maskKey(presented)}.`);
  }
  c.set("principal", { kind: "master", keyHash: toHex(presentedDigest) });
  await next();
});
