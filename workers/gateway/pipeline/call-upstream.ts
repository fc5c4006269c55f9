import type { Deployment } from "../../core/config/gateway-config.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { answerMockRequest } from "../../core/providers/mock-upstream.ts";
import type { ProviderSpec } from "../../core/providers/provider-catalog.ts";

/** Sends one upstream request; network failures and timeouts become retryable GatewayErrors. */
export async function callUpstream(
  request: Request,
  deployment: Deployment,
  provider: ProviderSpec,
): Promise<Response> {
  if (provider.inProcess) return answerMockRequest(request, deployment.mockResponse);
  try {
    return await fetch(request);
  } catch (error) {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw new GatewayError("upstream_timeout", `The ${provider.id} upstream did not answer in time.`, {
        provider: provider.id,
        isRetryable: true,
        cause: error,
      });
    }
    throw new GatewayError("upstream_unreachable", `The ${provider.id} upstream could not be reached.`, {
      provider: provider.id,
      isRetryable: true,
      cause: error,
    });
  }
}
