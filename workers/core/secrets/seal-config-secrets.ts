import { type LitellmConfig, litellmConfigSchema } from "../config/litellm-config-schema.ts";
import type { ConfigKeyring } from "./config-keyring.ts";
import { mapConfigStrings } from "./map-config-strings.ts";
import { envelopeKeyId, isSealed, openSecret, sealSecret } from "./secret-envelope.ts";

const ENV_REFERENCE = "os.environ/";

/** A secret written into the config itself, rather than referenced as `os.environ/NAME`. */
function isLiteralSecret(value: string): boolean {
  return value !== "" && !value.startsWith(ENV_REFERENCE) && !isSealed(value);
}

/** The paths of the literal secrets in a config, e.g. `model_list[0].litellm_params.api_key`. */
export async function literalSecretPaths(config: LitellmConfig): Promise<string[]> {
  const paths: string[] = [];
  await mapConfigStrings(config, ({ value, path, secretField }) => {
    if (secretField && isLiteralSecret(value)) paths.push(path);
    return value;
  });
  return paths;
}

/**
 * The config as it may be stored: every literal secret sealed with the current key. Envelopes of a
 * previous key are resealed with the current one when the ring can open them (finishing a rotation on
 * the next save); envelopes it cannot open are kept as they are.
 */
export async function sealConfigSecrets(config: LitellmConfig, keyring: ConfigKeyring): Promise<LitellmConfig> {
  const sealed = await mapConfigStrings(config, async ({ value, secretField }) => {
    if (isSealed(value)) {
      if (envelopeKeyId(value) === keyring.current.id) return value;
      const opened = await openSecret(value, keyring);
      return opened.ok ? sealSecret(opened.plaintext, keyring.current) : value;
    }
    return secretField && isLiteralSecret(value) ? sealSecret(value, keyring.current) : value;
  });
  return litellmConfigSchema.parse(sealed);
}
