import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { UpstreamCall } from "../../core/providers/provider-transport.ts";
import { mapUpstreamError } from "./map-upstream-error.ts";
import type { ModelRequestScope } from "./model-request-scope.ts";

export interface UpstreamExchange {
  response: Response;
  /** performance.now() when the call left and when its headers came back. */
  sentAt: number;
  headersAt: number;
}

function asTransportError(error: unknown, provider: string): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return new GatewayError("upstream_timeout", `The ${provider} upstream did not answer in time.`, {
      provider,
      isRetryable: true,
      cause: error,
    });
  }
  return new GatewayError("upstream_unreachable", `The ${provider} upstream could not be reached.`, {
    provider,
    isRetryable: true,
    cause: error,
  });
}

/**
 * Sends the call through the deployment's transport. A failure before the
 * first byte (network, timeout, non-2xx) is thrown as a GatewayError; the
 * attempt loop (handle-model-request.ts) decides whether to retry or fall
 * back, and records only the request's final outcome.
 */
export async function exchangeWithUpstream(scope: ModelRequestScope, call: UpstreamCall): Promise<UpstreamExchange> {
  const provider = scope.deployment.provider;
  const sentAt = performance.now();
  let response: Response;
  try {
    response = await scope.transport.send(call, scope.transportContext);
  } catch (thrown) {
    throw asTransportError(thrown, provider);
  }
  const headersAt = performance.now();
  if (!response.ok) throw await mapUpstreamError(response, provider);
  return { response, sentAt, headersAt };
}

export function upstreamTimeoutSignal(scope: ModelRequestScope): AbortSignal | undefined {
  const { deployment } = scope;
  const timeoutMs = scope.stream
    ? deployment.streamTimeoutMs
    : (deployment.timeoutMs ?? scope.c.get("config").requestTimeoutMs);
  return timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
}

/** Client headers a same-vendor upstream needs; transports decide which to send. */
export function forwardableHeaders(request: Request): Headers {
  const headers = new Headers();
  for (const name of ["anthropic-version", "anthropic-beta"]) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}

/** A 2xx body that does not parse as the provider's format: retryable like a 5xx. */
export function unreadableUpstreamResponse(scope: ModelRequestScope, cause: unknown): GatewayError {
  const provider = scope.deployment.provider;
  return new GatewayError("upstream_error", `The ${provider} upstream returned an unreadable response.`, {
    provider,
    isRetryable: true,
    cause,
  });
}
