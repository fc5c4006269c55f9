import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";

/** The dashboard's session cookie; it holds an opaque random token, never the admin key. */
export const SESSION_COOKIE_NAME = "switchyard_session";

/** Sessions last 12 hours from sign-in, not sliding: a stolen cookie is worth half a day at most. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

/**
 * Cookie-authenticated writes must carry this header with value `1`. A cross-site
 * form cannot set a header, and a cross-site fetch that does needs a CORS preflight
 * the admin worker never grants; SameSite=Strict is the first line, this the second.
 */
export const CSRF_HEADER = "x-switchyard-csrf";

function cookieOptions(c: Context, maxAge: number) {
  return {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    maxAge,
    // Plain http only on a developer's machine (wrangler dev); anything served over TLS gets Secure.
    secure: new URL(c.req.url).protocol === "https:",
  } as const;
}

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE_NAME, token, cookieOptions(c, SESSION_TTL_SECONDS));
}

export function clearSessionCookie(c: Context): void {
  setCookie(c, SESSION_COOKIE_NAME, "", cookieOptions(c, 0));
}

export function readSessionCookie(c: Context): string | undefined {
  const value = getCookie(c, SESSION_COOKIE_NAME);
  return value === undefined || value === "" ? undefined : value;
}
