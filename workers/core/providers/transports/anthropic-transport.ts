/**
 * Anthropic Messages (LiteLLM prefix `anthropic`): POST {api_base}/v1/messages
 * (https://docs.anthropic.com/en/api/messages) with the key in `x-api-key`.
 *
 * `anthropic-version` is the client's when it sent one (SDKs pin their own,
 * and the gateway should not downgrade them), else 2023-06-01, the version
 * every current feature is served under. `anthropic-beta` is passed on
 * untouched: Claude Code sends about eight betas, and the body fields they
 * unlock (`context_management`, `defer_loading`, …) fail without them.
 */
import type { ProviderFormat } from "../provider-format.ts";
import type { ProviderTransport, UpstreamCall } from "../provider-transport.ts";
import { joinUrlPath } from "./join-url-path.ts";
import { jsonPostRequest } from "./json-post-request.ts";
import { missingConfigError } from "./missing-config-error.ts";
import { unsupportedFormatError } from "./unsupported-format-error.ts";

export const ANTHROPIC_DEFAULT_API_BASE = "https://api.anthropic.com";
export const ANTHROPIC_DEFAULT_VERSION = "2023-06-01";

const ANTHROPIC_FORMATS: readonly ProviderFormat[] = ["anthropic-messages"];

/** The Anthropic headers a client may choose: the version it was built against and its betas. */
export function anthropicClientHeaders(forwardHeaders: Headers): Headers {
  const headers = new Headers({
    "anthropic-version": forwardHeaders.get("anthropic-version") ?? ANTHROPIC_DEFAULT_VERSION,
  });
  const betas = forwardHeaders.get("anthropic-beta");
  if (betas !== null && betas !== "") headers.set("anthropic-beta", betas);
  return headers;
}

export function buildAnthropicRequest(call: UpstreamCall): Request {
  if (call.format !== "anthropic-messages") throw unsupportedFormatError("anthropic", call.format);
  const { apiBase, apiKey } = call.deployment;
  // A custom api_base may be a keyless proxy; the public API always needs a key.
  if ((apiKey === undefined || apiKey === "") && apiBase === undefined) {
    throw missingConfigError(call.deployment, "api_key");
  }
  const headers = anthropicClientHeaders(call.forwardHeaders);
  headers.set("accept", call.stream ? "text/event-stream" : "application/json");
  if (apiKey !== undefined && apiKey !== "") headers.set("x-api-key", apiKey);
  const url = joinUrlPath(apiBase ?? ANTHROPIC_DEFAULT_API_BASE, "v1/messages");
  return jsonPostRequest(url, headers, call.body, call.signal);
}

export const anthropicTransport: ProviderTransport = {
  id: "anthropic",
  formats: ANTHROPIC_FORMATS,
  send: async (call, context) => context.fetch(buildAnthropicRequest(call)),
};
