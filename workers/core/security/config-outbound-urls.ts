import type { LitellmConfig } from "../config/litellm-config-schema.ts";
import { checkOutboundUrl, describeOutboundDenial, type OutboundUrlPolicy } from "./outbound-url-policy.ts";

export interface OutboundUrlViolation {
  /** The offending field, e.g. `model_list[2].litellm_params.api_base`. */
  path: string;
  /** The deployment's id as the gateway names it: `model_info.id`, else `<model_name>#<index>`. */
  deploymentId: string;
  /** The rule and the address, with how to allow it for local development. */
  message: string;
}

/** The `token_uri` of a literal Vertex service-account JSON: Switchyard posts the signed JWT there. */
function vertexTokenUri(credentials: string | null | undefined): string | undefined {
  if (credentials == null || !credentials.trimStart().startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(credentials);
    if (typeof parsed !== "object" || parsed === null || !("token_uri" in parsed)) return undefined;
    return typeof parsed.token_uri === "string" ? parsed.token_uri : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every URL a config makes the gateway call that the policy denies. `os.environ/` references are not
 * known until the gateway resolves them; the gateway checks every request's URL anyway, so a reference
 * (or a config written straight into D1) is caught there.
 */
export function configOutboundUrlViolations(config: LitellmConfig, policy: OutboundUrlPolicy): OutboundUrlViolation[] {
  const violations: OutboundUrlViolation[] = [];
  (config.model_list ?? []).forEach((entry, index) => {
    const infoId = entry.model_info?.id;
    const deploymentId = typeof infoId === "string" && infoId !== "" ? infoId : `${entry.model_name}#${index}`;
    const params = entry.litellm_params;
    const urls: Array<[field: string, url: string | null | undefined]> = [
      ["api_base", params.api_base],
      ["vertex_credentials.token_uri", vertexTokenUri(params.vertex_credentials)],
    ];
    for (const [field, url] of urls) {
      if (url == null || url.startsWith("os.environ/")) continue;
      const verdict = checkOutboundUrl(url, policy);
      if (verdict.ok) continue;
      violations.push({
        path: `model_list[${index}].litellm_params.${field}`,
        deploymentId,
        message: `deployment '${deploymentId}' (model_list[${index}]): ${field} is ${describeOutboundDenial(verdict)}`,
      });
    }
  });
  return violations;
}
