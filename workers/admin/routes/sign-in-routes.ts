import { Hono } from "hono";
import { z } from "zod";
import { bufferToHex, sha256Bytes } from "../../core/auth/hash-key.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { lookUpAdminKey } from "../admin-key-lookup.ts";
import { readAdminBody } from "../read-body.ts";
import { setSessionCookie } from "../session/admin-session-cookie.ts";
import { createAdminSession } from "../session/admin-session-store.ts";
import { adminSessionView } from "../session/admin-session-view.ts";
import { auditSignIn } from "../session/sign-in-audit.ts";
import { recordSignInFailure, signInClientOf, signInRetryAfter } from "../session/sign-in-throttle.ts";

const signInBodySchema = z.strictObject({ key: z.string().trim().min(1).max(1024) });

/**
 * POST /auth/session: trades an admin key for the dashboard's HttpOnly session
 * cookie. Mounted before adminAuth (it is how a browser gets credentials). JSON
 * only, so a cross-site form cannot sign a browser in with someone else's key;
 * failed attempts are throttled per client address and audited.
 */
export const signInRoutes = new Hono<AdminHonoEnv>().post("/auth/session", async (c) => {
  if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    throw new GatewayError("unsupported_media_type", "Send the key as JSON, with content-type application/json.");
  }
  const body = await readAdminBody(c, signInBodySchema);
  const now = Date.now();
  const client = await signInClientOf(c.req.raw);
  const retryAfterSeconds = await signInRetryAfter(c.env.DB, client, now);
  if (retryAfterSeconds !== undefined) {
    throw new GatewayError("rate_limited", "Too many failed sign-ins from this address; try again later.", {
      retryAfterSeconds,
    });
  }
  const keyDigest = await sha256Bytes(body.key);
  const lookup = await lookUpAdminKey(c.env, keyDigest);
  if (!lookup.ok) {
    await auditSignIn(c.env, { kind: "refused", ...lookup }, client, now);
    if (lookup.reason === "no_admin_role") {
      throw new GatewayError(
        "permission_denied",
        "This key has no admin role; ask an admin for a key with role admin, team_admin or viewer.",
      );
    }
    await recordSignInFailure(c.env.DB, client, now);
    throw new GatewayError("authentication_failed", "This is not a valid admin key (or it is blocked or expired).");
  }
  const session = await createAdminSession(c.env.DB, bufferToHex(keyDigest), now);
  setSessionCookie(c, session.token);
  await auditSignIn(c.env, { kind: "signed_in", actor: lookup.actor }, client, now);
  return c.json(adminSessionView(lookup.actor, lookup.keyAlias, session.expiresAt), 200, {
    "cache-control": "no-store",
  });
});
