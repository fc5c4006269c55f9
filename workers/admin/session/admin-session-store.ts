import { eq, lt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { sha256Hex } from "../../core/auth/hash-key.ts";
import { adminSessions } from "../../core/db/schema.ts";
import { SESSION_TTL_SECONDS } from "./admin-session-cookie.ts";

export interface IssuedAdminSession {
  /** The cookie value: 256 random bits, base64url. Returned once; only its SHA-256 is stored. */
  token: string;
  expiresAt: number;
}

export interface StoredAdminSession {
  tokenHash: string;
  keyTokenHash: string;
  expiresAt: number;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A cookie value can be anything a client sends; only tokens of the issued shape are looked up. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Issues a session for the key whose SHA-256 is `keyTokenHash`, and drops sessions that have expired. */
export async function createAdminSession(
  database: D1Database,
  keyTokenHash: string,
  now: number,
): Promise<IssuedAdminSession> {
  const token = randomToken();
  const expiresAt = now + SESSION_TTL_SECONDS * 1000;
  const db = drizzle(database);
  await db.batch([
    db.insert(adminSessions).values({ tokenHash: await sha256Hex(token), keyTokenHash, expiresAt, createdAt: now }),
    db.delete(adminSessions).where(lt(adminSessions.expiresAt, now)),
  ]);
  return { token, expiresAt };
}

/** The live session a cookie value names; undefined when it is malformed, unknown, revoked or expired. */
export async function findAdminSession(
  database: D1Database,
  token: string,
  now: number,
): Promise<StoredAdminSession | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const row = await drizzle(database)
    .select({
      tokenHash: adminSessions.tokenHash,
      keyTokenHash: adminSessions.keyTokenHash,
      expiresAt: adminSessions.expiresAt,
    })
    .from(adminSessions)
    .where(eq(adminSessions.tokenHash, await sha256Hex(token)))
    .get();
  return row === undefined || row.expiresAt <= now ? undefined : row;
}

export async function revokeAdminSession(database: D1Database, tokenHash: string): Promise<void> {
  await drizzle(database).delete(adminSessions).where(eq(adminSessions.tokenHash, tokenHash));
}

/** Every session of a key: called when the key no longer authenticates (blocked, deleted, expired, role removed). */
export async function revokeSessionsOfKey(database: D1Database, keyTokenHash: string): Promise<void> {
  await drizzle(database).delete(adminSessions).where(eq(adminSessions.keyTokenHash, keyTokenHash));
}
