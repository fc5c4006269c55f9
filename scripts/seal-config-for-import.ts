// The config:import side of "secrets at rest": seal literal secrets before the SQL goes to D1, as the
// admin API does (workers/admin/prepare-config-for-storage.ts), with the key the Worker has.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LitellmConfig } from "../workers/core/config/litellm-config-schema.ts";
import { configKeyringFrom } from "../workers/core/secrets/config-keyring.ts";
import { literalSecretPaths, sealConfigSecrets } from "../workers/core/secrets/seal-config-secrets.ts";
import { sealSecret } from "../workers/core/secrets/secret-envelope.ts";
import { projectRoot } from "./wrangler-cli.ts";

const KEY_NAME = "SWITCHYARD_ENCRYPTION_KEY";

/** SWITCHYARD_ENCRYPTION_KEY from the shell, else from .dev.vars (what `wrangler dev` gives the workers). */
function encryptionKey(): string | undefined {
  if (process.env[KEY_NAME]) return process.env[KEY_NAME];
  const devVars = join(projectRoot, ".dev.vars");
  if (!existsSync(devVars)) return undefined;
  for (const line of readFileSync(devVars, "utf8").split("\n")) {
    const match = /^\s*SWITCHYARD_ENCRYPTION_KEY\s*=\s*["']?([^"'\s#]+)["']?/.exec(line);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/**
 * The config JSON and source text to store. With a key: literal secrets sealed, the source sealed whole.
 * Without one: refused for `--remote` (production data never holds plain text secrets); kept in plain
 * text, with a warning, for local development.
 */
export async function sealConfigForImport(
  config: LitellmConfig,
  sourceText: string,
  options: { remote: boolean },
): Promise<{ configJson: string; sourceText: string }> {
  const keyring = await configKeyringFrom({ [KEY_NAME]: encryptionKey() });
  if (keyring !== undefined) {
    return {
      configJson: JSON.stringify(await sealConfigSecrets(config, keyring)),
      sourceText: await sealSecret(sourceText, keyring.current),
    };
  }
  const literals = await literalSecretPaths(config);
  if (literals.length > 0) {
    const problem = `literal secrets (${literals.join(", ")}) and no ${KEY_NAME} to seal them`;
    if (options.remote) {
      console.error(
        `refusing to import ${problem}. Export ${KEY_NAME} (the value of the Workers' secret), or use os.environ/NAME.`,
      );
      process.exit(1);
    }
    console.warn(`warning: ${problem}: stored in plain text in local D1 (set ${KEY_NAME} in .dev.vars to seal them)`);
  }
  return { configJson: JSON.stringify(config), sourceText };
}
