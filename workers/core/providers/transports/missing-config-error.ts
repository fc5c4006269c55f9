import type { Deployment } from "../../config/gateway-config.ts";
import { GatewayError } from "../../errors/gateway-error.ts";

/**
 * A deployment that cannot be called as configured: a 503 naming the missing
 * LiteLLM setting (`api_base`, `vertex_project`, …), never its value.
 */
export function missingConfigError(deployment: Deployment, setting: string, detail = ""): GatewayError {
  const suffix = detail === "" ? "" : ` ${detail}`;
  return new GatewayError(
    "config_unavailable",
    `Deployment '${deployment.id}' (provider '${deployment.provider}') needs '${setting}' in its litellm_params.${suffix}`,
    { provider: deployment.provider },
  );
}
