import { GatewayError, type GatewayErrorCode, isGatewayErrorCode } from "../../errors/gateway-error.ts";
import { renderError } from "../../errors/render-error.ts";

/**
 * An IR `error` part → Google's error envelope `{"error": {code, message, status}}`,
 * which is what a failing streamGenerateContent sends as its last event.
 * Gateway codes render exactly as the non-streaming error would.
 */
export function renderGeminiStreamError(code: string, message: string): unknown {
  const known: GatewayErrorCode = isGatewayErrorCode(code) ? code : "upstream_error";
  return renderError("gemini", new GatewayError(known, message)).body;
}
