import { and, eq, lt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { sha256Hex } from "../../core/auth/hash-key.ts";
import { adminSignInFailures } from "../../core/db/schema.ts";

/** Failed sign-ins one client address may make per window before it is refused until the next window. */
export const MAX_SIGN_IN_FAILURES = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

/** Who is signing in, as far as the throttle can tell. */
export interface SignInClient {
  /** SHA-256 of the address: the throttle table keeps no addresses. */
  hash: string;
  /** For the audit trail; null when the request carries none (a local call). */
  address: string | null;
}

/**
 * The caller's address from `cf-connecting-ip`, which Cloudflare's edge sets on
 * every public request (and overwrites when a client sends it); the dashboard's
 * Pages Function forwards the original request's headers. Requests without it
 * share one bucket, which errs towards refusing.
 */
export async function signInClientOf(request: Request): Promise<SignInClient> {
  const address = request.headers.get("cf-connecting-ip")?.trim() || null;
  return { hash: await sha256Hex(`sign-in:${address ?? "unknown"}`), address };
}

const windowStartOf = (now: number) => Math.floor(now / SIGN_IN_WINDOW_MS) * SIGN_IN_WINDOW_MS;

/** Seconds until the client may try again, or undefined when it has failures to spare in this window. */
export async function signInRetryAfter(
  database: D1Database,
  client: SignInClient,
  now: number,
): Promise<number | undefined> {
  const windowStart = windowStartOf(now);
  const row = await drizzle(database)
    .select({ failures: adminSignInFailures.failures })
    .from(adminSignInFailures)
    .where(and(eq(adminSignInFailures.clientHash, client.hash), eq(adminSignInFailures.windowStart, windowStart)))
    .get();
  if (row === undefined || row.failures < MAX_SIGN_IN_FAILURES) return undefined;
  return Math.max(1, Math.ceil((windowStart + SIGN_IN_WINDOW_MS - now) / 1000));
}

/** Counts a failed sign-in in the current window and drops windows that have passed. */
export async function recordSignInFailure(database: D1Database, client: SignInClient, now: number): Promise<void> {
  const db = drizzle(database);
  const windowStart = windowStartOf(now);
  await db.batch([
    db
      .insert(adminSignInFailures)
      .values({ clientHash: client.hash, windowStart, failures: 1 })
      .onConflictDoUpdate({
        target: [adminSignInFailures.clientHash, adminSignInFailures.windowStart],
        set: { failures: sql`${adminSignInFailures.failures} + 1` },
      }),
    db.delete(adminSignInFailures).where(lt(adminSignInFailures.windowStart, windowStart)),
  ]);
}
