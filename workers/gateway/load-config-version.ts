import type { GatewayConfig } from "../core/config/gateway-config.ts";
import { openStoredConfig } from "../core/config/open-stored-config.ts";
import { resolveGatewayConfig } from "../core/config/resolve-gateway-config.ts";
import type { PriceTableLookup } from "../core/pricing/price-table-lookup.ts";

/**
 * A stored config version in its runtime form, once per version and isolate: secrets opened (an
 * envelope that cannot be opened is logged by path, and its field dropped), then resolved.
 */
export async function loadConfigVersion(
  configJson: string,
  version: number,
  env: Env,
  prices: PriceTableLookup,
): Promise<GatewayConfig> {
  const opened = await openStoredConfig(configJson, env);
  for (const warning of opened.warnings) console.warn(`config version ${version}: ${warning}`);
  const resolved = resolveGatewayConfig(opened.config, version, env, prices);
  return opened.warnings.length === 0
    ? resolved
    : { ...resolved, warnings: [...opened.warnings, ...resolved.warnings] };
}
