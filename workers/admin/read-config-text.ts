import type { Context } from "hono";
import { configTooLarge, maxConfigBytesOf } from "../core/limits/config-size-limit.ts";
import type { AdminHonoEnv } from "./admin-env.ts";
import { readRequestText } from "./read-request-text.ts";

/** The body of POST /config within MAX_CONFIG_BYTES (413 past it), counted while it is read. */
export async function readConfigText(c: Context<AdminHonoEnv>): Promise<string> {
  const maxBytes = maxConfigBytesOf(c.env);
  const text = await readRequestText(c, maxBytes);
  if (text === undefined) throw configTooLarge(maxBytes);
  return text;
}
