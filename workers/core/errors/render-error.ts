import type { ApiFormat } from "../formats/api-format.ts";
import type { GatewayError, GatewayErrorCode } from "./gateway-error.ts";

export interface RenderedError {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** OpenAI's `error.type` values (also used by the Responses API). */
function openAiType(code: GatewayErrorCode): string {
  switch (code) {
    case "invalid_json":
    case "invalid_request":
    case "unsupported_media_type":
    case "payload_too_large":
    case "authentication_missing":
    case "authentication_failed":
    case "model_not_found":
    case "route_not_found":
    case "method_not_allowed":
      return "invalid_request_error";
    case "permission_denied":
      return "permission_error";
    case "rate_limited":
      return "rate_limit_exceeded";
    case "budget_exceeded":
      return "budget_exceeded";
    case "upstream_error":
    case "upstream_timeout":
    case "upstream_unreachable":
    case "config_unavailable":
    case "budget_unavailable":
    case "internal":
      return "api_error";
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** OpenAI's `error.code` values where OpenAI has one; otherwise our code. */
function openAiCode(code: GatewayErrorCode): string | null {
  switch (code) {
    case "authentication_failed":
      return "invalid_api_key";
    case "model_not_found":
      return "model_not_found";
    case "invalid_request":
    case "invalid_json":
      return null;
    default:
      return code;
  }
}

/** Anthropic's `error.type` values (https://docs.anthropic.com/en/api/errors). */
function anthropicType(code: GatewayErrorCode): string {
  switch (code) {
    case "invalid_json":
    case "invalid_request":
    case "unsupported_media_type":
    case "method_not_allowed":
      return "invalid_request_error";
    case "payload_too_large":
      return "request_too_large";
    case "authentication_missing":
    case "authentication_failed":
      return "authentication_error";
    case "permission_denied":
      return "permission_error";
    case "model_not_found":
    case "route_not_found":
      return "not_found_error";
    case "rate_limited":
    case "budget_exceeded":
      return "rate_limit_error";
    case "upstream_timeout":
    case "upstream_error":
    case "upstream_unreachable":
    case "config_unavailable":
    case "budget_unavailable":
      return "api_error";
    case "internal":
      return "api_error";
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** Google's canonical status names used in Gemini error envelopes. */
function googleStatus(status: number): string {
  if (status === 400) return "INVALID_ARGUMENT";
  if (status === 401) return "UNAUTHENTICATED";
  if (status === 403) return "PERMISSION_DENIED";
  if (status === 404) return "NOT_FOUND";
  if (status === 429) return "RESOURCE_EXHAUSTED";
  if (status === 504) return "DEADLINE_EXCEEDED";
  if (status === 503) return "UNAVAILABLE";
  if (status < 500) return "FAILED_PRECONDITION";
  return "INTERNAL";
}

/** Renders a GatewayError in the caller's API format; the single place error shapes live. */
export function renderError(format: ApiFormat, error: GatewayError): RenderedError {
  const headers: Record<string, string> = { ...error.headers };
  if (error.retryAfterSeconds !== undefined) headers["retry-after"] = String(Math.ceil(error.retryAfterSeconds));
  // An exhausted budget does not come back by retrying soon; the OpenAI and Anthropic SDKs honour this header.
  if (error.code === "budget_exceeded") headers["x-should-retry"] = "false";
  switch (format) {
    case "openai-chat":
    case "openai-responses":
      return {
        status: error.status,
        headers,
        body: {
          error: {
            message: error.message,
            type: openAiType(error.code),
            param: error.param ?? null,
            code: openAiCode(error.code),
          },
        },
      };
    case "anthropic-messages":
      return {
        status: error.status,
        headers,
        body: { type: "error", error: { type: anthropicType(error.code), message: error.message } },
      };
    case "gemini":
      return {
        status: error.status,
        headers,
        body: { error: { code: error.status, message: error.message, status: googleStatus(error.status) } },
      };
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}
