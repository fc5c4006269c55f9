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

function isGatewayErrorCode(code: string): code is GatewayErrorCode {
  return Object.hasOwn(GATEWAY_ERROR_CODES, code);
}

/**
 * An IR `error` part → the body of Chat's in-band error chunk,
 * `{"error": {"message", "type", "code"}}`, the shape OpenAI-compatible
 * clients (the AI SDK's chunk schema, the OpenAI SDK) recognise mid-stream.
 * Gateway codes render exactly as the non-streaming error would.
 */
export function renderOpenAiChatStreamError(code: string, message: string) {
  if (!isGatewayErrorCode(code)) return { error: { message, type: "api_error", code } };
  const rendered = renderError("openai-chat", new GatewayError(code, message)).body as {
    error: { type: string; code: string | null };
  };
  return { error: { message, type: rendered.error.type, code: rendered.error.code } };
}
