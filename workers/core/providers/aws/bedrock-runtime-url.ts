import { GatewayError } from "../../errors/gateway-error.ts";

export type BedrockRuntimeOperation = "converse" | "converse-stream";

export interface BedrockRuntimeUrlOptions {
  region: string;
  /** A model id, inference profile id or ARN, e.g. `us.anthropic.claude-sonnet-4-5-20250929-v1:0`. */
  modelId: string;
  operation: BedrockRuntimeOperation;
  /** A custom endpoint (VPC endpoint, proxy) replacing `https://bedrock-runtime.{region}.amazonaws.com`. */
  apiBase?: string;
}

/** The signing name of bedrock-runtime (SigV4 `service` in the credential scope). */
export const BEDROCK_SIGNING_SERVICE = "bedrock";

/**
 * `POST /model/{modelId}/converse` and `/converse-stream`
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html).
 * The model id is one path label: its `:` (model version) and `/` (ARNs) are
 * percent-encoded, as the AWS SDKs do; the signer then encodes the path again.
 */
export function bedrockRuntimeUrl(options: BedrockRuntimeUrlOptions): string {
  // The region becomes part of a host name: refuse anything that is not one.
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(options.region)) {
    throw new GatewayError("config_unavailable", `Invalid AWS region '${options.region}' for Bedrock.`);
  }
  const base = (options.apiBase ?? `https://bedrock-runtime.${options.region}.amazonaws.com`).replace(/\/+$/, "");
  return `${base}/model/${encodeURIComponent(options.modelId)}/${options.operation}`;
}
