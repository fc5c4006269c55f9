import { GatewayError, type GatewayErrorCode } from "../../errors/gateway-error.ts";
import { anthropicErrorEnvelopeSchema } from "./anthropic-messages-api.ts";

/** https://docs.anthropic.com/en/api/errors#http-errors */
const ANTHROPIC_ERROR_TYPES = new Set([
  "invalid_request_error",
  "authentication_error",
  "billing_error",
  "permission_error",
  "not_found_error",
  "request_too_large",
  "rate_limit_error",
  "api_error",
  "timeout_error",
  "overloaded_error",
]);

/** Gateway codes (and IR stream error codes) → Anthropic `error.type`, for in-band stream errors. */
const TYPE_FOR_GATEWAY_CODE: Partial<Record<GatewayErrorCode, string>> = {
  invalid_json: "invalid_request_error",
  invalid_request: "invalid_request_error",
  payload_too_large: "request_too_large",
  authentication_missing: "authentication_error",
  authentication_failed: "authentication_error",
  permission_denied: "permission_error",
  model_not_found: "not_found_error",
  rate_limited: "rate_limit_error",
  budget_exceeded: "rate_limit_error",
  upstream_timeout: "timeout_error",
};

export function anthropicErrorType(code: string): string {
  if (ANTHROPIC_ERROR_TYPES.has(code)) return code;
  return (TYPE_FOR_GATEWAY_CODE as Record<string, string | undefined>)[code] ?? "api_error";
}

/** Upstream messages are passed on (Claude Code reacts to "prompt is too long"), but bounded. */
const MAX_MESSAGE_LENGTH = 500;

/**
 * An Anthropic upstream's error response → GatewayError. Only the envelope's
 * `error.message` string reaches the caller, never the raw body. The status is
 * kept for the client's retry logic: 429 and 529 (overloaded) are retryable.
 */
export function anthropicErrorToGatewayError(status: number, body: unknown): GatewayError {
  const envelope = anthropicErrorEnvelopeSchema.safeParse(body);
  const type = envelope.success ? envelope.data.error.type : undefined;
  const upstreamMessage = envelope.success ? envelope.data.error.message : undefined;
  const message =
    typeof upstreamMessage === "string" && upstreamMessage !== ""
      ? upstreamMessage.slice(0, MAX_MESSAGE_LENGTH)
      : `The upstream provider returned HTTP ${status}.`;
  const options = { status, provider: "anthropic" };
  if (status === 400 || type === "invalid_request_error") return new GatewayError("invalid_request", message, options);
  if (status === 413) return new GatewayError("payload_too_large", message, options);
  if (status === 429) return new GatewayError("rate_limited", message, { ...options, isRetryable: true });
  // 401/403/404 upstream mean the gateway's own credentials or model mapping are wrong: a 502 to the caller.
  if (status === 401 || status === 403 || status === 404) {
    return new GatewayError("upstream_error", message, { provider: "anthropic" });
  }
  if (status === 504) return new GatewayError("upstream_timeout", message, { ...options, isRetryable: true });
  return new GatewayError("upstream_error", message, { ...options, isRetryable: status >= 500 });
}
