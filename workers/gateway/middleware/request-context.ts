import { createMiddleware } from "hono/factory";
import type { ApiFormat } from "../../core/formats/api-format.ts";
import { apiFormatForPath } from "../error-response.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";

/** Stamps every request with an id (echoed as `x-request-id`) and its arrival time. */
export const requestContext = createMiddleware<GatewayHonoEnv>(async (c, next) => {
  const requestId = crypto.randomUUID();
  c.set("requestId", requestId);
  c.set("receivedAt", performance.now());
  c.set("apiFormat", apiFormatForPath(c.req.path));
  await next();
  c.res.headers.set("x-request-id", requestId);
});

/** Declares which API a route speaks, so errors from here on use its shape. */
export function speaks(format: ApiFormat) {
  return createMiddleware<GatewayHonoEnv>(async (c, next) => {
    c.set("apiFormat", format);
    await next();
  });
}
