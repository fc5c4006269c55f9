// The config:import logic (scripts/config-import.ts) against a chosen --persist-to directory,
// so the client round trips never touch the developer's .wrangler/state.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { detectConfigFormat, parseConfigText } from "../../workers/core/config/parse-config-text.ts";
import { DATABASE_NAME } from "../wrangler-cli.ts";
import { runWranglerChecked } from "./run-wrangler-checked.ts";

/** Validates a LiteLLM config text and activates it as the only active version in local D1 at `persistTo`. */
export function importConfig(text: string, persistTo: string, scratchDir: string): void {
  const format = detectConfigFormat(text);
  const parsed = parseConfigText(text, format);
  if (!parsed.ok) {
    const issues = parsed.errors.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ");
    throw new Error(`the generated client config is invalid: ${issues}`);
  }
  /** SQL string literal: single quotes doubled; SQLite has no other escapes. */
  const quote = (value: string | null) => (value === null ? "NULL" : `'${value.replaceAll("'", "''")}'`);
  const sql = `UPDATE config_versions SET is_active = 0 WHERE is_active = 1;
INSERT INTO config_versions (source_format, source_text, config_json, warnings, created_by, comment, is_active)
VALUES (${quote(format)}, ${quote(text)}, ${quote(JSON.stringify(parsed.config))}, ${quote(JSON.stringify(parsed.warnings))}, 'test:clients', ${quote("client round trips")}, 1);`;
  const sqlFile = join(scratchDir, "config.sql");
  writeFileSync(sqlFile, sql);
  runWranglerChecked([
    "d1",
    "execute",
    DATABASE_NAME,
    "--local",
    "--persist-to",
    persistTo,
    "--file",
    sqlFile,
    "--yes",
  ]);
}
