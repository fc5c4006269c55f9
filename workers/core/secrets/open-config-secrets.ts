import { type LitellmConfig, litellmConfigSchema } from "../config/litellm-config-schema.ts";
import { ConfigKeyError, type ConfigKeyring, configKeyringFrom } from "./config-keyring.ts";
import { mapConfigStrings } from "./map-config-strings.ts";
import { isSealed, type OpenedSecret, openSecret } from "./secret-envelope.ts";

export interface OpenedConfig {
  config: LitellmConfig;
  /** One per envelope that could not be opened (its field is dropped) and for an unusable key variable. */
  warnings: string[];
}

function failureText(reason: Extract<OpenedSecret, { ok: false }>["reason"]): string {
  switch (reason) {
    case "malformed":
      return "it is not a valid enc:v1 envelope";
    case "no_key":
      return "SWITCHYARD_ENCRYPTION_KEY is not set";
    case "unknown_key":
      return "it was sealed with a key that is neither SWITCHYARD_ENCRYPTION_KEY nor SWITCHYARD_ENCRYPTION_KEY_PREVIOUS";
    case "corrupt":
      return "it does not decrypt with its key (altered, or sealed with another key of the same id)";
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}

/**
 * The config with every sealed secret opened, for the gateway to resolve once per config version. A field
 * whose envelope cannot be opened is dropped, with a warning naming its path: the envelope itself must
 * never reach a provider as a key. Plain text rows (stored before encryption, or imported straight into
 * D1) pass through unchanged.
 */
export async function openConfigSecrets(config: LitellmConfig, vars: object): Promise<OpenedConfig> {
  const warnings: string[] = [];
  let keyring: ConfigKeyring | undefined;
  try {
    keyring = await configKeyringFrom(vars);
  } catch (error) {
    if (!(error instanceof ConfigKeyError)) throw error;
    warnings.push(error.message);
  }
  const opened = await mapConfigStrings(config, async ({ value, path }) => {
    if (!isSealed(value)) return value;
    const result = await openSecret(value, keyring);
    if (result.ok) return result.plaintext;
    warnings.push(`${path}: the stored secret could not be decrypted: ${failureText(result.reason)}`);
    return undefined;
  });
  return { config: litellmConfigSchema.parse(opened), warnings };
}
