import { GatewayError, type GatewayErrorCode } from "../../errors/gateway-error.ts";
import { renderError } from "../../errors/render-error.ts";

/** Every GatewayErrorCode, checked by the compiler, to recognise IR error codes at runtime. */
const GATEWAY_ERROR_CODES: Record<GatewayErrorCode, true> = {
  invalid_json: true,
  invalid_request: true,
  unsupported_media_type: true,
  payload_too_large: true,
  authentication_missing: true,
  authentication_failed: true,
  permission_denied: true,
  model_not_found: true,
  route_not_found: true,
  method_not_allowed: true,
  rate_limited: true,
  budget_exceeded: true,
  upstream_error: true,
  upstream_timeout: true,
  upstream_unreachable: true,
  config_unavailable: true,
  internal: true,
};

/**
 * An IR `error` part → Google's error envelope `{"error": {code, message, status}}`,
 * which is what a failing streamGenerateContent sends as its last event.
 * Gateway codes render exactly as the non-streaming error would.
 */
export function renderGeminiStreamError(code: string, message: string): unknown {
  const known: GatewayErrorCode = Object.hasOwn(GATEWAY_ERROR_CODES, code)
    ? (code as GatewayErrorCode)
    : "upstream_error";
  return renderError("gemini", new GatewayError(known, message)).body;
}
