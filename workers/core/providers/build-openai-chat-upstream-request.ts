import type { Deployment } from "../config/gateway-config.ts";
import { GatewayError } from "../errors/gateway-error.ts";
import type { ProviderSpec } from "./provider-catalog.ts";

/** POST {api_base}/chat/completions with the deployment's key, for the OpenAI-compatible family. */
export function buildOpenAiChatUpstreamRequest(
  deployment: Deployment,
  provider: ProviderSpec,
  body: string,
  signal: AbortSignal | undefined,
): Request {
  const apiBase = provider.inProcess
    ? "https://mock.switchyard.internal/v1"
    : (deployment.apiBase ?? provider.defaultApiBase);
  if (apiBase === undefined) {
    throw new GatewayError("config_unavailable", `Deployment '${deployment.id}' has no api_base configured.`, {
      provider: provider.id,
    });
  }
  const headers = new Headers({ "content-type": "application/json", accept: "application/json, text/event-stream" });
  if (provider.auth === "bearer" && deployment.apiKey !== undefined) {
    headers.set("authorization", `Bearer ${deployment.apiKey}`);
  }
  const url = `${apiBase.replace(/\/+$/, "")}/chat/completions`;
  return new Request(url, { method: "POST", headers, body, signal: signal ?? null });
}
