// npm run prices:import <model_prices_and_context_window.json> [-- --remote] [--source label] [--dry-run]
// Imports LiteLLM's cost map into D1 (model_prices), replacing the previous import. Deployments without
// prices in the config are then priced from it (the built-in table covers what it lacks); gateways pick
// the new table up within CONFIG_REFRESH_MS, no redeploy. The admin API does the same: POST /model_prices/import.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { importLitellmCostMap } from "../workers/core/pricing/import-litellm-cost-map.ts";
import { DATABASE_NAME, localStatePath, runWrangler } from "./wrangler-cli.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    remote: { type: "boolean", default: false },
    source: { type: "string" },
    "dry-run": { type: "boolean", default: false },
  },
});
const file = positionals[0];
if (file === undefined) {
  console.error("usage: npm run prices:import <model_prices.json> [-- --remote] [--source label] [--dry-run]");
  process.exit(2);
}

let document: unknown;
try {
  document = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.error(`${file} is not readable JSON: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const imported = importLitellmCostMap(document);
if (imported.prices.size === 0) {
  console.error(`${file}: no model with per-token prices; nothing imported`);
  for (const { model, reason } of imported.skipped.slice(0, 5)) console.error(`  ${model}: ${reason}`);
  process.exit(1);
}
for (const warning of imported.warnings) console.warn(`warning: ${warning}`);
const summary = `${imported.prices.size} models priced, ${imported.skipped.length} skipped`;
if (values["dry-run"]) {
  console.log(`${file}: ${summary}`);
  process.exit(0);
}

/** SQL string literal: single quotes doubled; SQLite has no other escapes. */
const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;
// D1 caps one statement at 100 KB, so rows go in as several multi-row INSERTs.
const MAX_STATEMENT_CHARS = 90_000;
const source = values.source ?? basename(file);
const importedAt = Date.now();
const columns = "INSERT INTO model_prices (model, price_json, source, imported_at, imported_by) VALUES\n";
const statements = ["DELETE FROM model_prices;"];
let rows: string[] = [];
let size = 0;
const flush = () => {
  if (rows.length > 0) statements.push(`${columns}${rows.join(",\n")};`);
  rows = [];
  size = 0;
};
for (const [model, price] of imported.prices) {
  const row = `(${quote(model)}, ${quote(JSON.stringify(price))}, ${quote(source)}, ${importedAt}, 'prices:import')`;
  if (size + row.length > MAX_STATEMENT_CHARS) flush();
  rows.push(row);
  size += row.length + 2;
}
flush();
// The version row goes last: gateways reload prices when it appears, by which point every row is in,
// even where the file is not applied as one transaction.
statements.push(
  `INSERT INTO price_table_versions (source, model_count, skipped_count, imported_by, imported_at) VALUES (${quote(source)}, ${imported.prices.size}, ${imported.skipped.length}, 'prices:import', ${importedAt});`,
);

const sqlFile = join(mkdtempSync(join(tmpdir(), "switchyard-")), "model-prices.sql");
writeFileSync(sqlFile, statements.join("\n"));
const target = values.remote ? ["--remote"] : ["--local", "--persist-to", localStatePath];
runWrangler(["d1", "execute", DATABASE_NAME, ...target, "--file", sqlFile, "--yes"], { quiet: true });
console.log(`imported ${file} into ${values.remote ? "remote" : "local"} D1: ${summary}`);
