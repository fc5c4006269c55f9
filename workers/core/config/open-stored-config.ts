import { type OpenedConfig, openConfigSecrets } from "../secrets/open-config-secrets.ts";
import { litellmConfigSchema } from "./litellm-config-schema.ts";

/**
 * A `config_versions.config_json` row, parsed and with its sealed secrets opened by the Worker's
 * SWITCHYARD_ENCRYPTION_KEY; ready for resolveGatewayConfig. Plain text rows pass through unchanged.
 */
export function openStoredConfig(configJson: string, env: object): Promise<OpenedConfig> {
  return openConfigSecrets(litellmConfigSchema.parse(JSON.parse(configJson)), env);
}
