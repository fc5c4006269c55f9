// npm run config:import <file> [-- --remote] [--comment "text"]
// Validates a LiteLLM config.yaml (or JSON) and activates it as a new version in D1.
// Gateways pick it up within CONFIG_REFRESH_MS; no redeploy.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { detectConfigFormat, parseConfigText } from "../workers/core/config/parse-config-text.ts";
import { assertConfigTextWithin, maxConfigBytesOf } from "../workers/core/limits/config-size-limit.ts";
import { sealConfigForImport } from "./seal-config-for-import.ts";
import { DATABASE_NAME, localStatePath, runWrangler } from "./wrangler-cli.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    remote: { type: "boolean", default: false },
    comment: { type: "string" },
    "dry-run": { type: "boolean", default: false },
  },
});
const file = positionals[0];
if (file === undefined) {
  console.error("usage: npm run config:import <config.yaml> [-- --remote] [--comment text] [--dry-run]");
  process.exit(2);
}

const text = readFileSync(file, "utf8");
try {
  // The admin API's bound (MAX_CONFIG_BYTES, default 1 MiB): every gateway isolate parses the active config.
  assertConfigTextWithin(text, maxConfigBytesOf(process.env));
} catch (error) {
  console.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const format = detectConfigFormat(text, file.endsWith(".json") ? "application/json" : undefined);
const parsed = parseConfigText(text, format);
if (!parsed.ok) {
  console.error(`${file} is not a valid config:`);
  for (const issue of parsed.errors) console.error(`  ${issue.path || "(root)"}: ${issue.message}`);
  process.exit(1);
}
for (const warning of parsed.warnings) console.warn(`warning: ${warning}`);
const models = parsed.config.model_list?.length ?? 0;
if (values["dry-run"]) {
  console.log(`${file}: valid (${models} model entries, ${parsed.warnings.length} warnings)`);
  process.exit(0);
}

const stored = await sealConfigForImport(parsed.config, text, { remote: values.remote ?? false });
/** SQL string literal: single quotes doubled; SQLite has no other escapes. */
const quote = (value: string | null) => (value === null ? "NULL" : `'${value.replaceAll("'", "''")}'`);
const sql = `UPDATE config_versions SET is_active = 0 WHERE is_active = 1;
INSERT INTO config_versions (source_format, source_text, config_json, warnings, created_by, comment, is_active)
VALUES (${quote(format)}, ${quote(stored.sourceText)}, ${quote(stored.configJson)}, ${quote(JSON.stringify(parsed.warnings))}, 'config:import', ${quote(values.comment ?? null)}, 1);`;

const sqlFile = join(mkdtempSync(join(tmpdir(), "switchyard-")), "config.sql");
writeFileSync(sqlFile, sql);
const target = values.remote ? ["--remote"] : ["--local", "--persist-to", localStatePath];
runWrangler(["d1", "execute", DATABASE_NAME, ...target, "--file", sqlFile, "--yes"], { quiet: true });
console.log(`activated ${file} (${models} model entries) in ${values.remote ? "remote" : "local"} D1`);
