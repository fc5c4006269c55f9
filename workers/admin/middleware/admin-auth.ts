import { createMiddleware } from "hono/factory";
import { extractApiKey, maskKey } from "../../core/auth/extract-api-key.ts";
import { sha256Bytes } from "../../core/auth/hash-key.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { AdminActor, AdminEnv, AdminHonoEnv } from "../admin-env.ts";
import { lookUpAdminKey } from "../admin-key-lookup.ts";
import type { AdminCredential } from "../session/admin-credential.ts";
import { readSessionCookie } from "../session/admin-session-cookie.ts";
import { authenticateAdminSession } from "../session/authenticate-admin-session.ts";

async function authenticateBearer(
  env: AdminEnv,
  presented: string,
): Promise<{ actor: AdminActor; credential: AdminCredential }> {
  const lookup = await lookUpAdminKey(env, await sha256Bytes(presented));
  if (lookup.ok) {
    return {
      actor: lookup.actor,
      credential: { kind: "bearer", keyAlias: lookup.keyAlias, expiresAt: lookup.keyExpiresAt },
    };
  }
  switch (lookup.reason) {
    case "unknown_key":
      throw new GatewayError("authentication_failed", `Incorrect API key provided: ${maskKey(presented)}.`);
    case "no_admin_role":
      throw new GatewayError(
        "permission_denied",
        "This key has no admin role; ask an admin for a key with role admin, team_admin or viewer.",
      );
    default: {
      const unreachable: never = lookup;
      throw new Error(`unhandled admin key lookup ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * The admin API accepts the master key (full access) or a virtual key issued
 * with a role: `admin`, `team_admin` (its own team only) or `viewer` (read-only).
 * Keys without a role are data-plane keys and are refused here. A key on the
 * request wins; without one, the dashboard's session cookie stands for the key
 * it was issued from (session/authenticate-admin-session.ts).
 */
export const adminAuth = createMiddleware<AdminHonoEnv>(async (c, next) => {
  const presented = extractApiKey(c.req.raw.headers);
  const sessionToken = presented === undefined ? readSessionCookie(c) : undefined;
  if (presented === undefined && sessionToken === undefined) {
    throw new GatewayError(
      "authentication_missing",
      "Send an admin key as 'Authorization: Bearer <key>', or sign in with POST /auth/session.",
    );
  }
  const { actor, credential } =
    presented === undefined
      ? await authenticateAdminSession(c, sessionToken ?? "")
      : await authenticateBearer(c.env, presented);
  c.set("actor", actor);
  c.set("credential", credential);
  await next();
});
