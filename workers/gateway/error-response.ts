import type { GatewayError } from "../core/errors/gateway-error.ts";
import { renderError } from "../core/errors/render-error.ts";
import type { ApiFormat } from "../core/formats/api-format.ts";

/** A GatewayError as an HTTP response in the caller's format. */
export function errorResponse(format: ApiFormat, error: GatewayError, requestId: string | undefined): Response {
  const rendered = renderError(format, error);
  const headers = new Headers(rendered.headers);
  if (requestId !== undefined) headers.set("x-request-id", requestId);
  return Response.json(rendered.body, { status: rendered.status, headers });
}

/** Before a route has claimed the request, guess the caller's API from the path. */
export function apiFormatForPath(path: string): ApiFormat {
  if (path.startsWith("/v1/messages")) return "anthropic-messages";
  if (path.startsWith("/v1/responses")) return "openai-responses";
  if (path.startsWith("/v1beta/") || path.includes(":generateContent") || path.includes(":streamGenerateContent")) {
    return "gemini";
  }
  return "openai-chat";
}
