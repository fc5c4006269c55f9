/**
 * Azure OpenAI (LiteLLM prefix `azure`).
 *
 * Chat Completions go to the deployment-scoped route with a dated
 * `api-version` (https://learn.microsoft.com/azure/ai-foundry/openai/reference):
 *   {api_base}/openai/deployments/{deployment}/chat/completions?api-version=…
 * The deployment's `api_version` is used as given; without one, the latest
 * dated GA inference release, 2024-10-21.
 *
 * Responses only exist on the v1 API, which needs no dated `api-version`
 * (https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle):
 *   {api_base}/openai/v1/responses
 * A dated `api_version` belongs to the deployment route and is not sent there;
 * `api_version: preview` is passed on (`?api-version=preview`), the v1 API's
 * opt-in for preview features. Setting `api_version` to `v1`, `latest` or
 * `preview` also moves Chat Completions to `{api_base}/openai/v1/chat/completions`,
 * as LiteLLM does. On the v1 routes the body's `model` names the deployment,
 * which is what the pipeline already puts there; the deployment route ignores it.
 *
 * Auth is the resource key in the `api-key` header (Entra ID tokens are not supported yet).
 */
import type { ProviderFormat } from "../provider-format.ts";
import type { ProviderTransport, UpstreamCall } from "../provider-transport.ts";
import { jsonPostRequest } from "./json-post-request.ts";
import { missingConfigError } from "./missing-config-error.ts";
import { unsupportedFormatError } from "./unsupported-format-error.ts";

export const AZURE_DEFAULT_API_VERSION = "2024-10-21";

const AZURE_FORMATS: readonly ProviderFormat[] = ["openai-chat", "openai-responses"];
const V1_API_VERSIONS = new Set(["v1", "latest", "preview"]);

/** `https://x.openai.azure.com/openai/v1/` → `https://x.openai.azure.com`: accept a base with or without the API path. */
function resourceBase(apiBase: string): string {
  return apiBase.replace(/\/+$/, "").replace(/\/openai(\/v1)?$/, "");
}

function v1Url(base: string, path: string, apiVersion: string | undefined): string {
  const query = apiVersion === "preview" ? "?api-version=preview" : "";
  return `${base}/openai/v1/${path}${query}`;
}

function azureUrl(call: UpstreamCall, base: string): string {
  const apiVersion = call.deployment.apiVersion;
  switch (call.format) {
    case "openai-chat": {
      if (apiVersion !== undefined && V1_API_VERSIONS.has(apiVersion)) {
        return v1Url(base, "chat/completions", apiVersion);
      }
      const deployment = encodeURIComponent(call.deployment.upstreamModel);
      const version = encodeURIComponent(apiVersion ?? AZURE_DEFAULT_API_VERSION);
      return `${base}/openai/deployments/${deployment}/chat/completions?api-version=${version}`;
    }
    case "openai-responses":
      return v1Url(base, "responses", apiVersion);
    case "anthropic-messages":
    case "gemini":
    case "bedrock-converse":
      throw unsupportedFormatError("azure", call.format);
    default: {
      const unreachable: never = call.format;
      return unreachable;
    }
  }
}

export function buildAzureRequest(call: UpstreamCall): Request {
  const { apiBase, apiKey } = call.deployment;
  if (apiBase === undefined || apiBase === "") {
    throw missingConfigError(
      call.deployment,
      "api_base",
      "(the resource endpoint, https://<resource>.openai.azure.com).",
    );
  }
  if (apiKey === undefined || apiKey === "") throw missingConfigError(call.deployment, "api_key");
  const url = azureUrl(call, resourceBase(apiBase));
  const headers = new Headers({ "api-key": apiKey, accept: call.stream ? "text/event-stream" : "application/json" });
  return jsonPostRequest(url, headers, call.body, call.signal);
}

export const azureTransport: ProviderTransport = {
  id: "azure",
  formats: AZURE_FORMATS,
  send: async (call, context) => context.fetch(buildAzureRequest(call)),
};
