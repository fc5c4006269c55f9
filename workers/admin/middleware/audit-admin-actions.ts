import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import type { AuditAppendInput } from "../../../durable-objects/audit-log-rpc.ts";
import type { AdminHonoEnv } from "../admin-env.ts";
import { adminAuditEvent } from "../audit/admin-audit-event.ts";
import { isMutatingMethod } from "../audit/audit-action-of.ts";

/** Bodies larger than this are not parsed for the summary (the routes cap theirs at 256 KiB; imports are documents). */
const MAX_PARSED_BODY_CHARS = 256 * 1024;

/** The pattern of the route that answered (`/agents/:id`), not of a middleware. */
function answeringRoutePattern(c: Context<AdminHonoEnv>): string {
  const routes = matchedRoutes(c).filter((route) => route.method !== "ALL");
  return routes.at(-1)?.path ?? c.req.path;
}

async function parsedRequestBody(c: Context<AdminHonoEnv>): Promise<{ body: unknown; bytes: number }> {
  try {
    // Hono caches the text a route read through c.req.text(); a route that consumed the raw stream leaves none.
    const text = await c.req.text();
    if (text === "" || text.length > MAX_PARSED_BODY_CHARS) return { body: undefined, bytes: text.length };
    return { body: JSON.parse(text), bytes: text.length };
  } catch {
    return { body: undefined, bytes: 0 };
  }
}

async function parsedResult(response: Response): Promise<unknown> {
  if (!(response.headers.get("content-type") ?? "").includes("application/json")) return undefined;
  try {
    return await response.clone().json();
  } catch {
    return undefined;
  }
}

/** One retry with the same event id: the log writes an event id once, so a retry cannot duplicate. */
async function appendWithRetry(c: Context<AdminHonoEnv>, event: AuditAppendInput): Promise<void> {
  try {
    await c.env.GATEWAY.appendAudit(event);
  } catch {
    await c.env.GATEWAY.appendAudit(event);
  }
}

/**
 * Appends every successful (2xx) POST/PUT/PATCH/DELETE to the audit trail
 * after the route has run, with the route-derived action, the actor, the
 * target and a secret-free summary of the body. Awaited rather than deferred,
 * so a caller that reads /audit right after its change finds it; a failing
 * append is logged and does not turn a committed change into an error.
 * Dry runs change nothing and are not recorded.
 */
export const auditAdminActions = createMiddleware<AdminHonoEnv>(async (c, next) => {
  await next();
  const method = c.req.method;
  if (!isMutatingMethod(method) || c.res.status < 200 || c.res.status >= 300) return;
  if (c.req.query("dry_run") === "true") return;
  const at = Date.now();
  const routePattern = answeringRoutePattern(c);
  try {
    const [{ body, bytes }, result] = await Promise.all([parsedRequestBody(c), parsedResult(c.res)]);
    const event = await adminAuditEvent({
      eventId: `admin:${crypto.randomUUID()}`,
      at,
      actor: c.get("actor"),
      method,
      routePattern,
      path: c.req.path,
      query: c.req.query(),
      body,
      bodyBytes: bytes,
      result,
    });
    await appendWithRetry(c, event);
  } catch (error) {
    console.error(`audit append failed for ${method} ${routePattern}`, error);
  }
});
