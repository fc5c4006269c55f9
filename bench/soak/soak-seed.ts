import { randomBytes } from "node:crypto";
import { parseConfigText } from "../../workers/core/config/parse-config-text.ts";
import { keyHash, migrationStatements } from "../gateway-seed.ts";
import { SOAK_KEY_LABELS, SOAK_TEAM, type SoakKey, soakConfigYaml, soakKeyLimits } from "./soak-profile.ts";

export interface SoakSeed {
  keys: SoakKey[];
  statements: string[];
}

const quote = (value: string | number | null) =>
  value === null ? "NULL" : typeof value === "number" ? String(value) : `'${value.replaceAll("'", "''")}'`;

function insert(table: string, row: Record<string, string | number | null | undefined>): string {
  const columns = Object.keys(row).filter((column) => row[column] !== undefined);
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((column) => quote(row[column] ?? null)).join(", ")})`;
}

/** A fresh database: schema, one config routed at the fault mock, a team with a parallel limit, the keys. */
export function soakSeed(mockPort: number, options: { tightBudgetUsd: number; teamParallel: number }): SoakSeed {
  const masterKey = `sk-soak-master-${randomBytes(12).toString("hex")}`;
  const yaml = soakConfigYaml(`http://127.0.0.1:${mockPort}`, masterKey);
  const parsed = parseConfigText(yaml, "yaml");
  if (!parsed.ok) throw new Error(`soak config is invalid: ${JSON.stringify(parsed.errors)}`);
  const keys = SOAK_KEY_LABELS.map((label) => {
    const key = `sk-soak-${label}-${randomBytes(12).toString("hex")}`;
    return { label, key, hash: keyHash(key) };
  });
  const statements = [
    ...migrationStatements(),
    insert("config_versions", {
      source_format: "yaml",
      source_text: yaml,
      config_json: JSON.stringify(parsed.config),
      warnings: JSON.stringify(parsed.warnings),
      created_by: "soak",
      comment: "npm run soak",
      is_active: 1,
    }),
    insert("teams", { id: SOAK_TEAM, alias: "soak", max_parallel_requests: options.teamParallel }),
    ...keys.map(({ label, key, hash }) => {
      const limits = soakKeyLimits(label, options.tightBudgetUsd);
      return insert("virtual_keys", {
        token_hash: hash,
        key_prefix: key.slice(0, 12),
        key_alias: `soak-${label}`,
        team_id: limits.team === true ? SOAK_TEAM : null,
        created_by: "soak",
        max_budget_usd: limits.maxBudgetUsd,
        rpm_limit: limits.rpmLimit,
        max_parallel_requests: limits.maxParallelRequests,
        budget_mode: limits.budgetMode,
      });
    }),
  ];
  return { keys, statements };
}
