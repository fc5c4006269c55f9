import type { Context } from "hono";
import type { CachedKey } from "../../core/auth/cached-key.ts";
import { maskKey } from "../../core/auth/extract-api-key.ts";
import { sha256Hex } from "../../core/auth/hash-key.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { gatewayKeyCache } from "../key-cache.ts";

/** The header that carried the agent's key: it is the gateway's, and never forwarded. */
export type EgressKeyHeader = "x-switchyard-key" | "proxy-authorization" | "authorization";

export interface EgressAgent {
  key: CachedKey;
  agentId: string;
  keyHeader: EgressKeyHeader;
}

function bearer(value: string | null): string | undefined {
  const match = value === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(value.trim());
  return match?.[1];
}

/**
 * The agent key of an egress request. `x-switchyard-key` (or `Proxy-Authorization: Bearer`, the explicit
 * proxy's own header) leaves `Authorization` to the destination, where the agent puts its stub;
 * `Authorization: Bearer <agent key>` is accepted when the destination needs no Authorization.
 */
function presentedKey(headers: Headers): { key: string; header: EgressKeyHeader } | undefined {
  const switchyard = headers.get("x-switchyard-key")?.trim();
  if (switchyard !== undefined && switchyard !== "") return { key: switchyard, header: "x-switchyard-key" };
  const proxy = bearer(headers.get("proxy-authorization"));
  if (proxy !== undefined) return { key: proxy, header: "proxy-authorization" };
  const authorization = bearer(headers.get("authorization"));
  if (authorization !== undefined && !authorization.startsWith("sy_stub_"))
    return { key: authorization, header: "authorization" };
  return undefined;
}

/**
 * The agent an egress request speaks for, from its key alone (isolate-cached, like the model routes):
 * blocked, expired and deleted keys are refused; so are keys that belong to no agent, since credentials
 * are granted to agents.
 */
export async function authenticateEgressAgent(c: Context<GatewayHonoEnv>): Promise<EgressAgent> {
  const presented = presentedKey(c.req.raw.headers);
  if (presented === undefined) {
    throw new GatewayError(
      "authentication_missing",
      "You didn't provide an agent key. Send it as 'x-switchyard-key: <key>' (or 'Proxy-Authorization: Bearer <key>'), " +
        "and put credential stubs where the destination expects its credentials.",
    );
  }
  const keyHash = await sha256Hex(presented.key);
  const key = await gatewayKeyCache.get(keyHash, c.env, (promise) => c.executionCtx.waitUntil(promise));
  if (key === null)
    throw new GatewayError("authentication_failed", `Incorrect API key provided: ${maskKey(presented.key)}.`);
  const expired = key.expiresAt !== null && key.expiresAt <= Date.now();
  if (key.blocked || key.teamBlocked || expired) {
    throw new GatewayError("authentication_failed", "This key is blocked or expired.");
  }
  c.set("principal", { kind: "virtual", keyHash, key });
  if (key.agentId === null) {
    throw new GatewayError(
      "permission_denied",
      "The egress proxy needs an agent's key: this key belongs to no agent (issue one with agent_id).",
    );
  }
  return { key, agentId: key.agentId, keyHeader: presented.header };
}
