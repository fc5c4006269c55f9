import { GatewayError } from "../../core/errors/gateway-error.ts";
import { readConfigKeyring } from "../../core/secrets/read-config-keyring.ts";
import { sealSecret } from "../../core/secrets/secret-envelope.ts";
import type { AdminEnv } from "../admin-env.ts";

/** A vault secret as stored: an enc:v1 envelope. Without SWITCHYARD_ENCRYPTION_KEY nothing is stored. */
export async function sealVaultSecret(env: AdminEnv, secret: string): Promise<string> {
  const keyring = await readConfigKeyring(env);
  if (keyring === undefined) {
    throw new GatewayError(
      "config_unavailable",
      "The credential vault stores secrets only encrypted, and SWITCHYARD_ENCRYPTION_KEY is not set. Set that " +
        "secret (the base64 of 32 random bytes, the same value on the admin and gateway workers).",
    );
  }
  return sealSecret(secret, keyring.current);
}
