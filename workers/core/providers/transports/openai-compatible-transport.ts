import type { Deployment } from "../../config/gateway-config.ts";
import type { ProviderFormat } from "../provider-format.ts";
import type { ProviderTransport, UpstreamCall } from "../provider-transport.ts";
import { joinUrlPath } from "./join-url-path.ts";
import { jsonPostRequest } from "./json-post-request.ts";
import { missingConfigError } from "./missing-config-error.ts";
import { omitBodyFields } from "./omit-body-fields.ts";
import type { OpenAiCompatibleProvider } from "./openai-compatible-providers.ts";
import { unsupportedFormatError } from "./unsupported-format-error.ts";

function endpointPath(provider: OpenAiCompatibleProvider, format: ProviderFormat): string {
  if (!provider.formats.includes(format)) throw unsupportedFormatError(provider.id, format);
  switch (format) {
    case "openai-chat":
      return "chat/completions";
    case "openai-responses":
      return "responses";
    case "anthropic-messages":
    case "gemini":
    case "bedrock-converse":
      throw unsupportedFormatError(provider.id, format);
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

/** The server root of a deployment of the family: its `api_base`, else the provider's default. */
export function openAiCompatibleApiBase(provider: OpenAiCompatibleProvider, deployment: Deployment): string {
  const configured = deployment.apiBase;
  if (configured === undefined) {
    if (provider.defaultApiBase === undefined) {
      throw missingConfigError(deployment, "api_base", `'${provider.id}' has no default server.`);
    }
    return provider.defaultApiBase;
  }
  const trimmed = configured.replace(/\/+$/, "");
  const suffix = provider.apiBasePathSuffix;
  return suffix !== undefined && !trimmed.endsWith(suffix) ? `${trimmed}${suffix}` : trimmed;
}

/** POST {api_base}/chat/completions (or /responses), Bearer key when one is configured. */
export function buildOpenAiCompatibleRequest(provider: OpenAiCompatibleProvider, call: UpstreamCall): Request {
  const url = joinUrlPath(openAiCompatibleApiBase(provider, call.deployment), endpointPath(provider, call.format));
  const headers = new Headers({ accept: call.stream ? "text/event-stream" : "application/json" });
  const apiKey = call.deployment.apiKey;
  if (apiKey !== undefined && apiKey !== "") headers.set("authorization", `Bearer ${apiKey}`);
  const body = omitBodyFields(call.body, provider.unsupportedBodyFields ?? []);
  return jsonPostRequest(url, headers, body, call.signal);
}

export function createOpenAiCompatibleTransport(provider: OpenAiCompatibleProvider): ProviderTransport {
  return {
    id: provider.id,
    formats: provider.formats,
    send: async (call, context) => context.fetch(buildOpenAiCompatibleRequest(provider, call)),
  };
}
