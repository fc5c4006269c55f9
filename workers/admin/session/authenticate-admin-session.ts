import type { Context } from "hono";
import { hexToBuffer } from "../../core/auth/hash-key.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { AdminActor, AdminHonoEnv } from "../admin-env.ts";
import { lookUpAdminKey } from "../admin-key-lookup.ts";
import { isMutatingMethod } from "../audit/audit-action-of.ts";
import type { AdminCredential } from "./admin-credential.ts";
import { CSRF_HEADER, clearSessionCookie } from "./admin-session-cookie.ts";
import { findAdminSession, revokeSessionsOfKey } from "./admin-session-store.ts";

/**
 * Authenticates a request by its dashboard session cookie as the key the
 * session was issued for, with that key's current role and team. A key that
 * stopped working (blocked, deleted, expired, role removed) ends all of its
 * sessions here; a dead session's cookie is cleared in the 401 that says so.
 * Cookie-authenticated writes must carry the CSRF header.
 */
export async function authenticateAdminSession(
  c: Context<AdminHonoEnv>,
  token: string,
): Promise<{ actor: AdminActor; credential: AdminCredential }> {
  const session = await findAdminSession(c.env.DB, token, Date.now());
  if (session === undefined) {
    clearSessionCookie(c);
    throw new GatewayError(
      "authentication_failed",
      "The dashboard session has expired or was signed out; sign in again.",
    );
  }
  const lookup = await lookUpAdminKey(c.env, hexToBuffer(session.keyTokenHash));
  if (!lookup.ok) {
    await revokeSessionsOfKey(c.env.DB, session.keyTokenHash);
    clearSessionCookie(c);
    throw new GatewayError(
      "authentication_failed",
      "The admin key this session was signed in with no longer works; sign in again.",
    );
  }
  if (isMutatingMethod(c.req.method) && c.req.header(CSRF_HEADER) !== "1") {
    throw new GatewayError(
      "permission_denied",
      `Requests authenticated by the session cookie that change something must send '${CSRF_HEADER}: 1'.`,
    );
  }
  return {
    actor: lookup.actor,
    credential: {
      kind: "session",
      sessionTokenHash: session.tokenHash,
      keyTokenHash: session.keyTokenHash,
      keyAlias: lookup.keyAlias,
      expiresAt: session.expiresAt,
    },
  };
}
