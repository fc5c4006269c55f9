import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { GatewayError, toGatewayError } from "../core/errors/gateway-error.ts";
import { renderError } from "../core/errors/render-error.ts";

/** Admin API errors use OpenAI's envelope, like LiteLLM's proxy admin routes. */
export function adminErrorResponse(c: Context, thrown: unknown): Response {
  const error = toGatewayError(thrown);
  if (error.code === "internal") console.error("admin request failed", thrown);
  const rendered = renderError("openai-chat", error);
  return c.json(rendered.body, rendered.status as ContentfulStatusCode, rendered.headers);
}

export function notFound(what: string): GatewayError {
  return new GatewayError("route_not_found", `${what} was not found.`);
}
