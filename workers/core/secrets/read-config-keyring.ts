import { GatewayError } from "../errors/gateway-error.ts";
import { ConfigKeyError, type ConfigKeyring, configKeyringFrom } from "./config-keyring.ts";

/**
 * The keyring of SWITCHYARD_ENCRYPTION_KEY (undefined when it is not set); a malformed key is the operator's
 * to fix, so it surfaces as config_unavailable rather than as a 500.
 */
export async function readConfigKeyring(vars: object): Promise<ConfigKeyring | undefined> {
  try {
    return await configKeyringFrom(vars);
  } catch (error) {
    if (error instanceof ConfigKeyError) throw new GatewayError("config_unavailable", error.message, { cause: error });
    throw error;
  }
}
