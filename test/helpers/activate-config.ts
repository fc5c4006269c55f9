import { env } from "cloudflare:workers";
import { activateConfigVersion } from "../../workers/admin/config-versions.ts";
import { parseConfigText } from "../../workers/core/config/parse-config-text.ts";
import { gatewayConfigCache } from "../../workers/gateway/config-cache.ts";

export const TEST_MASTER_KEY = "sk-test-master-0123456789";

/** Stores `yaml` as the active config and makes the gateway load it on the next request. */
export async function activateConfig(yaml: string): Promise<number> {
  const parsed = parseConfigText(yaml, "yaml");
  if (!parsed.ok) throw new Error(`test config invalid: ${JSON.stringify(parsed.errors)}`);
  const version = await activateConfigVersion(env.DB, {
    sourceFormat: "yaml",
    sourceText: yaml,
    config: parsed.config,
    warnings: parsed.warnings,
    createdBy: "test",
    comment: undefined,
  });
  gatewayConfigCache.clear();
  return version;
}
