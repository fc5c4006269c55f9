/**
 * Amazon Bedrock Converse (LiteLLM prefix `bedrock`):
 *   POST https://bedrock-runtime.{aws_region_name}.amazonaws.com/model/{modelId}/converse
 *   POST …/converse-stream   (binary AWS event stream)
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html).
 *
 * Auth, in this order:
 * - `aws_access_key_id` + `aws_secret_access_key` (+ `aws_session_token`):
 *   the request is SigV4-signed for service `bedrock` (../aws/sign-aws-request.ts);
 * - otherwise `api_key`: a Bedrock API key, sent as `Authorization: Bearer`
 *   (https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html).
 * The model id lives in the URL and streaming in the operation, so neither
 * `model` nor `stream` may reach the body: Converse rejects unknown keys.
 */
import type { Deployment } from "../../config/gateway-config.ts";
import { BEDROCK_SIGNING_SERVICE, bedrockRuntimeUrl } from "../aws/bedrock-runtime-url.ts";
import { type AwsCredentials, signAwsRequest } from "../aws/sign-aws-request.ts";
import type { ProviderFormat } from "../provider-format.ts";
import type { ProviderTransport, UpstreamCall } from "../provider-transport.ts";
import { jsonPostRequest } from "./json-post-request.ts";
import { missingConfigError } from "./missing-config-error.ts";
import { omitBodyFields } from "./omit-body-fields.ts";
import { unsupportedFormatError } from "./unsupported-format-error.ts";

const BEDROCK_FORMATS: readonly ProviderFormat[] = ["bedrock-converse"];

function regionOf(deployment: Deployment): string {
  const region = deployment.providerParams.awsRegionName;
  if (region === undefined || region === "") throw missingConfigError(deployment, "aws_region_name");
  return region;
}

/** The SigV4 credentials, or undefined when the deployment uses a Bedrock API key instead. */
export function bedrockCredentials(deployment: Deployment): AwsCredentials | undefined {
  const { awsAccessKeyId, awsSecretAccessKey, awsSessionToken } = deployment.providerParams;
  if (awsAccessKeyId === undefined || awsSecretAccessKey === undefined) {
    if (deployment.apiKey !== undefined && deployment.apiKey !== "") return undefined;
    throw missingConfigError(deployment, "aws_access_key_id", "and 'aws_secret_access_key' (or a Bedrock 'api_key').");
  }
  return awsSessionToken === undefined
    ? { accessKeyId: awsAccessKeyId, secretAccessKey: awsSecretAccessKey }
    : { accessKeyId: awsAccessKeyId, secretAccessKey: awsSecretAccessKey, sessionToken: awsSessionToken };
}

/** The unsigned request: URL, JSON body, and the Bearer key when no AWS keys are configured. */
export function buildBedrockRequest(call: UpstreamCall): Request {
  if (call.format !== "bedrock-converse") throw unsupportedFormatError("bedrock", call.format);
  const { deployment } = call;
  const url = bedrockRuntimeUrl({
    region: regionOf(deployment),
    modelId: deployment.upstreamModel,
    operation: call.stream ? "converse-stream" : "converse",
    ...(deployment.apiBase === undefined ? {} : { apiBase: deployment.apiBase }),
  });
  const headers = new Headers({
    accept: call.stream ? "application/vnd.amazon.eventstream" : "application/json",
  });
  if (bedrockCredentials(deployment) === undefined) headers.set("authorization", `Bearer ${deployment.apiKey}`);
  return jsonPostRequest(url, headers, omitBodyFields(call.body, ["model", "stream"]), call.signal);
}

export const bedrockTransport: ProviderTransport = {
  id: "bedrock",
  formats: BEDROCK_FORMATS,
  async send(call, context) {
    const request = buildBedrockRequest(call);
    const credentials = bedrockCredentials(call.deployment);
    if (credentials === undefined) return context.fetch(request);
    const signed = await signAwsRequest(request, {
      credentials,
      region: regionOf(call.deployment),
      service: BEDROCK_SIGNING_SERVICE,
      now: context.now,
    });
    return context.fetch(signed);
  },
};
