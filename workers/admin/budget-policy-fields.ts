/**
 * The budget-policy fields keys, teams and users share (our additions to
 * LiteLLM's key API): body ↔ columns in one place, so the three routes agree.
 */
export interface BudgetPolicyBody {
  budget_timezone?: string | null | undefined;
  unknown_price?: "refuse" | "allow" | null | undefined;
  budget_mode?: "strict" | "fast" | null | undefined;
}

export interface BudgetPolicyColumns {
  budgetTimezone: string | null;
  unknownPrice: "refuse" | "allow" | null;
  budgetMode: "strict" | "fast" | null;
}

/** Only the fields the body names (null clears one), for inserts and partial updates alike. */
export function budgetPolicyChanges(body: BudgetPolicyBody): Partial<BudgetPolicyColumns> {
  return {
    ...(body.budget_timezone === undefined ? {} : { budgetTimezone: body.budget_timezone }),
    ...(body.unknown_price === undefined ? {} : { unknownPrice: body.unknown_price }),
    ...(body.budget_mode === undefined ? {} : { budgetMode: body.budget_mode }),
  };
}

export function budgetPolicyView(row: BudgetPolicyColumns) {
  return {
    budget_timezone: row.budgetTimezone ?? "UTC",
    unknown_price: row.unknownPrice ?? "refuse",
    budget_mode: row.budgetMode ?? "strict",
  };
}
