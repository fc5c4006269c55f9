import { Hono } from "hono";
import type { AdminHonoEnv } from "../admin-env.ts";
import { clearSessionCookie } from "../session/admin-session-cookie.ts";
import { revokeAdminSession } from "../session/admin-session-store.ts";
import { adminSessionView } from "../session/admin-session-view.ts";

/**
 * GET /auth/session says who the caller is (the dashboard asks on load);
 * DELETE /auth/session signs out: the session is revoked server-side and the
 * cookie cleared. Both behind adminAuth, so sign-out needs the CSRF header.
 * Sign-in is sign-in-routes.ts.
 */
export const authSessionRoutes = new Hono<AdminHonoEnv>()
  .get("/auth/session", (c) => {
    const credential = c.get("credential");
    return c.json(adminSessionView(c.get("actor"), credential.keyAlias, credential.expiresAt), 200, {
      "cache-control": "no-store",
    });
  })
  .delete("/auth/session", async (c) => {
    const credential = c.get("credential");
    if (credential.kind === "session") await revokeAdminSession(c.env.DB, credential.sessionTokenHash);
    clearSessionCookie(c);
    return c.body(null, 204);
  });
