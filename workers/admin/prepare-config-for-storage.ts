import type { LitellmConfig } from "../core/config/litellm-config-schema.ts";
import { GatewayError } from "../core/errors/gateway-error.ts";
import type { ConfigKeyring } from "../core/secrets/config-keyring.ts";
import { readConfigKeyring } from "../core/secrets/read-config-keyring.ts";
import { literalSecretPaths, sealConfigSecrets } from "../core/secrets/seal-config-secrets.ts";
import { sealSecret } from "../core/secrets/secret-envelope.ts";
import { configOutboundUrlViolations } from "../core/security/config-outbound-urls.ts";
import { outboundUrlPolicyFrom } from "../core/security/outbound-url-policy.ts";
import type { AdminEnv } from "./admin-env.ts";

export interface StorableConfig {
  config: LitellmConfig;
  sourceText: string;
}

function outboundViolationError(config: LitellmConfig, env: AdminEnv): GatewayError | undefined {
  const violations = configOutboundUrlViolations(config, outboundUrlPolicyFrom(env));
  const first = violations[0];
  if (first === undefined) return undefined;
  return new GatewayError("invalid_request", violations.map((violation) => violation.message).join(" "), {
    param: first.path,
  });
}

/**
 * Everything a config must pass before it is stored, also on a dry run: every outbound URL allowed by the
 * outbound URL policy, and no literal secret unless a key is there to seal it. Without
 * SWITCHYARD_ENCRYPTION_KEY a literal secret is refused rather than stored in plain text.
 */
export async function assertConfigStorable(env: AdminEnv, config: LitellmConfig): Promise<ConfigKeyring | undefined> {
  const violation = outboundViolationError(config, env);
  if (violation !== undefined) throw violation;
  const keyring = await readConfigKeyring(env);
  if (keyring !== undefined) return keyring;
  const literals = await literalSecretPaths(config);
  const first = literals[0];
  if (first !== undefined) {
    throw new GatewayError(
      "invalid_request",
      `The config holds literal secrets (${literals.join(", ")}) that would be stored in plain text: ` +
        "SWITCHYARD_ENCRYPTION_KEY is not set. Set that secret (the base64 of 32 random bytes, the same value " +
        "on the admin and gateway workers) to store them encrypted, or reference each one as os.environ/NAME.",
      { param: first },
    );
  }
  return undefined;
}

/**
 * The config and its source text as they are written to D1: literal secrets sealed (enc:v1 envelopes the
 * gateway opens), and the source text sealed whole, since it holds the same secrets in its own layout.
 */
export async function prepareConfigForStorage(
  env: AdminEnv,
  config: LitellmConfig,
  sourceText: string,
): Promise<StorableConfig> {
  const keyring = await assertConfigStorable(env, config);
  if (keyring === undefined) return { config, sourceText };
  return {
    config: await sealConfigSecrets(config, keyring),
    sourceText: await sealSecret(sourceText, keyring.current),
  };
}
