import type { Context } from "hono";
import { GatewayError } from "../core/errors/gateway-error.ts";
import { readBodyWithin } from "../core/limits/read-body-within.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * The request body as UTF-8 text, or `undefined` once it passes `maxBytes`:
 * counted while read, so a chunked body (no content-length) is never
 * buffered past the limit — POST /auth/session reads its body before any
 * authentication. The text is left in Hono's body cache, where
 * audit-admin-actions reads it again after the route; bytes that are not
 * UTF-8 are a 400 rather than silently replaced.
 */
export async function readRequestText(c: Context, maxBytes: number): Promise<string | undefined> {
  const bytes = await readBodyWithin(c.req.raw, maxBytes);
  if (bytes === undefined) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new GatewayError("invalid_request", "The request body is not valid UTF-8.");
  }
  // Hono keeps the promise of each body reading in bodyCache (typed as Body's methods); c.req.text() returns it.
  Object.assign(c.req.bodyCache, { text: Promise.resolve(text) });
  return text;
}
