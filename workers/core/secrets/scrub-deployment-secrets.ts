import type { Deployment } from "../config/gateway-config.ts";
import { redactSecrets } from "../redaction/redact-secrets.ts";

/** Values this short are not credentials (tests use `api_key: k`); replacing them would shred the text. */
const MIN_SECRET_CHARS = 8;

/** The credentials a deployment sends upstream, as configured (after `os.environ/` and decryption). */
export function deploymentSecrets(deployment: Deployment): string[] {
  const params = deployment.providerParams;
  return [
    deployment.apiKey,
    params.awsAccessKeyId,
    params.awsSecretAccessKey,
    params.awsSessionToken,
    params.vertexCredentials,
  ].filter((value): value is string => value !== undefined && value.length >= MIN_SECRET_CHARS);
}

/**
 * Text that came back from an upstream, before anyone else sees it: every occurrence of the deployment's
 * own credentials (a hostile or careless upstream may echo the key it was sent, whatever its shape), then
 * every secret the pattern scrubber recognises.
 */
export function scrubUpstreamText(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  for (const secret of secrets) scrubbed = scrubbed.replaceAll(secret, "[REDACTED:generic_api_key]");
  return redactSecrets(scrubbed).text;
}
