import { GatewayError, isGatewayErrorCode } from "../../errors/gateway-error.ts";
import { renderError } from "../../errors/render-error.ts";

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
