import { createMiddleware } from "hono/factory";
import { extractApiKey, maskKey } from "../../core/auth/extract-api-key.ts";
import { bufferToHex, digestsEqual, hexToBuffer, sha256Bytes } from "../../core/auth/hash-key.ts";
import type { GatewayConfig } from "../../core/config/gateway-config.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { gatewayConfigCache } from "../config-cache.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { gatewayKeyCache } from "../key-cache.ts";
import { vouchedCallerOf } from "./vouched-caller.ts";

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

/**
 * Authenticates from isolate caches: the master key from the cached config,
 * virtual keys from the key cache (D1 only on an isolate's first sight of a
 * key). Keys are compared and looked up as SHA-256 digests; the master key
 * comparison is constant-time.
 */
export const apiKeyAuth = createMiddleware<GatewayHonoEnv>(async (c, next) => {
  const waitUntil = (promise: Promise<unknown>) => c.executionCtx.waitUntil(promise);
  const config = await gatewayConfigCache.get(c.env, waitUntil);
  c.set("config", config);
  const presented = extractApiKey(c.req.raw.headers);
  const vouchedKeyHash = presented === undefined ? vouchedCallerOf(c.req.raw) : undefined;
  if (presented === undefined && vouchedKeyHash === undefined) {
    throw new GatewayError(
      "authentication_missing",
      "You didn't provide an API key. Send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.",
    );
  }
  const [presentedDigest, masterDigest] = await Promise.all([
    presented === undefined ? hexToBuffer(vouchedKeyHash ?? "") : sha256Bytes(presented),
    masterKeyDigest(config),
  ]);
  const keyHash = bufferToHex(presentedDigest);
  if (masterDigest !== undefined && digestsEqual(presentedDigest, masterDigest)) {
    c.set("principal", { kind: "master", keyHash });
    await next();
    return;
  }
  const key = await gatewayKeyCache.get(keyHash, c.env, waitUntil);
  if (key === null)
    throw new GatewayError(
      "authentication_failed",
      presented === undefined
        ? "The vouched caller's key no longer exists."
        : `Incorrect API key provided: ${maskKey(presented)}.`,
    );
  if (key.blocked) throw new GatewayError("authentication_failed", "This key has been blocked.");
  if (key.teamBlocked) throw new GatewayError("authentication_failed", "This key's team has been blocked.");
  if (key.expiresAt !== null && key.expiresAt <= Date.now()) {
    throw new GatewayError("authentication_failed", `This key expired at ${new Date(key.expiresAt).toISOString()}.`);
  }
  c.set("principal", { kind: "virtual", keyHash, key });
  await next();
});
