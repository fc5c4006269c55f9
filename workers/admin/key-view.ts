import type { virtualKeys } from "../core/db/schema.ts";
import { budgetPolicyView } from "./budget-policy-fields.ts";

type KeyRow = typeof virtualKeys.$inferSelect;

const iso = (value: number | null) => (value === null ? null : new Date(value).toISOString());

/** A key as the admin API shows it (LiteLLM's field names); never the key itself. */
export function keyView(row: KeyRow) {
  return {
    token: row.tokenHash,
    key_name: row.keyPrefix,
    key_alias: row.keyAlias,
    team_id: row.teamId,
    user_id: row.userId,
    agent_id: row.agentId,
    models: row.models ?? [],
    max_budget: row.maxBudgetUsd,
    budget_duration: row.budgetDuration,
    budget_reset_at: iso(row.budgetResetAt),
    rpm_limit: row.rpmLimit,
    tpm_limit: row.tpmLimit,
    max_parallel_requests: row.maxParallelRequests,
    ...budgetPolicyView(row),
    expires: iso(row.expiresAt),
    metadata: row.metadata ?? {},
    blocked: row.blocked,
    role: row.role,
    created_by: row.createdBy,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}
