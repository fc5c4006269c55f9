/**
 * Vertex AI (LiteLLM prefix `vertex_ai`), Gemini and Claude models.
 *
 * Gemini (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference):
 *   https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}
 *     /publishers/google/models/{model}:generateContent | :streamGenerateContent?alt=sse
 * Claude (https://docs.anthropic.com/en/api/claude-on-vertex-ai):
 *   …/publishers/anthropic/models/{model}:rawPredict | :streamRawPredict
 *   with the Messages body minus `model` (it is in the URL) plus
 *   `anthropic_version: "vertex-2023-10-16"` (in the body, not a header).
 * Location `global` is served from `aiplatform.googleapis.com` without a region prefix.
 *
 * Which format applies is decided by the model, not the client: the pipeline
 * picks through `formatsFor` (= `vertexFormatFor(deployment.upstreamModel)`);
 * the fast path applies only when it equals the client's format. `send` refuses the other.
 *
 * Auth: a Bearer access token minted from the service account in
 * `vertex_credentials` (see google-access-token-cache.ts).
 */
import type { Deployment } from "../../config/gateway-config.ts";
import { GatewayError } from "../../errors/gateway-error.ts";
import type { ProviderFormat } from "../provider-format.ts";
import type { ProviderTransport, UpstreamCall } from "../provider-transport.ts";
import { anthropicClientHeaders } from "./anthropic-transport.ts";
import { geminiMethodSuffix } from "./gemini-transport.ts";
import { GoogleAccessTokenCache } from "./google-access-token-cache.ts";
import { type GoogleServiceAccount, parseGoogleServiceAccount } from "./google-service-account.ts";
import { jsonPostRequest } from "./json-post-request.ts";
import { missingConfigError } from "./missing-config-error.ts";
import { omitBodyFields } from "./omit-body-fields.ts";
import { unsupportedFormatError } from "./unsupported-format-error.ts";

export const VERTEX_DEFAULT_LOCATION = "us-central1";
export const VERTEX_ANTHROPIC_VERSION = "vertex-2023-10-16";

const VERTEX_FORMATS: readonly ProviderFormat[] = ["gemini", "anthropic-messages"];

export type VertexFormat = "gemini" | "anthropic-messages";

/** Claude models on Vertex speak Anthropic Messages; everything else is taken to be Gemini. */
export function vertexFormatFor(model: string): VertexFormat {
  return model.startsWith("claude") ? "anthropic-messages" : "gemini";
}

export interface VertexAuth {
  accessToken: string;
  /** The service account's own project, used when `vertex_project` is not set. */
  projectId: string | undefined;
}

/** `api_base` (a proxy or Private Service Connect endpoint) replaces the scheme and host. */
function vertexOrigin(deployment: Deployment, location: string): string {
  if (deployment.apiBase !== undefined) return deployment.apiBase.replace(/\/+$/, "");
  return location === "global" ? "https://aiplatform.googleapis.com" : `https://${location}-aiplatform.googleapis.com`;
}

function methodFor(format: VertexFormat, stream: boolean): string {
  switch (format) {
    case "gemini":
      return `publishers/google/models/{model}${geminiMethodSuffix(stream)}`;
    case "anthropic-messages":
      return `publishers/anthropic/models/{model}${stream ? ":streamRawPredict" : ":rawPredict"}`;
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

export function buildVertexUrl(deployment: Deployment, format: VertexFormat, stream: boolean, project: string): string {
  const location = deployment.providerParams.vertexLocation ?? VERTEX_DEFAULT_LOCATION;
  // The location becomes part of a host name: refuse anything that is not one.
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(location)) {
    throw missingConfigError(deployment, "vertex_location", `('${location}' is not a Google Cloud location).`);
  }
  const model = deployment.upstreamModel;
  const method = methodFor(format, stream).replace("{model}", model);
  return `${vertexOrigin(deployment, location)}/v1/projects/${project}/locations/${location}/${method}`;
}

export function buildVertexRequest(call: UpstreamCall, auth: VertexAuth): Request {
  const { deployment } = call;
  const format = vertexFormatFor(deployment.upstreamModel);
  if (call.format !== format) throw unsupportedFormatError(`vertex_ai (${deployment.upstreamModel})`, call.format);
  const project = deployment.providerParams.vertexProject ?? auth.projectId;
  if (project === undefined || project === "") throw missingConfigError(deployment, "vertex_project");
  const url = buildVertexUrl(deployment, format, call.stream, project);
  const accept = call.stream ? "text/event-stream" : "application/json";
  switch (format) {
    case "gemini": {
      const headers = new Headers({ authorization: `Bearer ${auth.accessToken}`, accept });
      return jsonPostRequest(url, headers, omitBodyFields(call.body, ["model", "stream"]), call.signal);
    }
    case "anthropic-messages": {
      // Betas travel as a header on Vertex too; the version moves into the body.
      const headers = anthropicClientHeaders(call.forwardHeaders);
      headers.delete("anthropic-version");
      headers.set("authorization", `Bearer ${auth.accessToken}`);
      headers.set("accept", accept);
      const body = { ...omitBodyFields(call.body, ["model"]), anthropic_version: VERTEX_ANTHROPIC_VERSION };
      return jsonPostRequest(url, headers, body, call.signal);
    }
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

function serviceAccountOf(deployment: Deployment): GoogleServiceAccount {
  const credentials = deployment.providerParams.vertexCredentials;
  if (credentials === undefined || credentials === "") {
    throw missingConfigError(deployment, "vertex_credentials", "(the service-account JSON itself, not a file path).");
  }
  const account = parseGoogleServiceAccount(credentials);
  if (account === undefined) {
    throw new GatewayError(
      "config_unavailable",
      `Deployment '${deployment.id}': vertex_credentials is not a service-account JSON with client_email and private_key.`,
      { provider: deployment.provider },
    );
  }
  return account;
}

export function createVertexTransport(tokenCache: GoogleAccessTokenCache): ProviderTransport {
  return {
    id: "vertex_ai",
    formats: VERTEX_FORMATS,
    formatsFor: (deployment) => [vertexFormatFor(deployment.upstreamModel)],
    async send(call, context) {
      // Check the addressable parts before spending a token exchange on them.
      if (call.format !== vertexFormatFor(call.deployment.upstreamModel)) {
        throw unsupportedFormatError(`vertex_ai (${call.deployment.upstreamModel})`, call.format);
      }
      const account = serviceAccountOf(call.deployment);
      if ((call.deployment.providerParams.vertexProject ?? account.projectId) === undefined) {
        throw missingConfigError(call.deployment, "vertex_project");
      }
      const accessToken = await tokenCache.getAccessToken(account, {
        fetch: context.fetch,
        now: context.now,
        signal: call.signal,
      });
      return context.fetch(buildVertexRequest(call, { accessToken, projectId: account.projectId }));
    },
  };
}

export const vertexTransport: ProviderTransport = createVertexTransport(new GoogleAccessTokenCache());
