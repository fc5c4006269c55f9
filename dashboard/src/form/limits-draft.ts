import type { Limits } from "../api/limits.ts";
import { listOf, optionalNumber, optionalText, textOf } from "./form-values.ts";

/** The budget and rate-limit fields keys, teams and agents share, as the form holds them (text). */
export interface LimitsDraft {
  models: string;
  max_budget: string;
  budget_duration: string;
  rpm_limit: string;
  tpm_limit: string;
  max_parallel_requests: string;
}

export type FieldErrors = Partial<Record<string, string>>;

/** The budget and rate-limit fields, as the admin API names them in errors. */
export const BUDGET_FIELDS = [
  "max_budget",
  "budget_duration",
  "rpm_limit",
  "tpm_limit",
  "max_parallel_requests",
] as const;
/** Keys and teams also limit their models; agents do not. */
export const LIMITS_FIELDS = ["models", ...BUDGET_FIELDS] as const;

export const emptyLimitsDraft: LimitsDraft = {
  models: "",
  max_budget: "",
  budget_duration: "",
  rpm_limit: "",
  tpm_limit: "",
  max_parallel_requests: "",
};

export function limitsDraftOf(limits: Partial<Limits>): LimitsDraft {
  return {
    models: (limits.models ?? []).join(", "),
    max_budget: textOf(limits.max_budget),
    budget_duration: textOf(limits.budget_duration),
    rpm_limit: textOf(limits.rpm_limit),
    tpm_limit: textOf(limits.tpm_limit),
    max_parallel_requests: textOf(limits.max_parallel_requests),
  };
}

/** The limits, or the fields that do not parse (the API checks durations and the rest again). */
export function limitsFromDraft(draft: LimitsDraft): { ok: true; limits: Limits } | { ok: false; errors: FieldErrors } {
  const maxBudget = optionalNumber(draft.max_budget);
  const rpm = optionalNumber(draft.rpm_limit, { integer: true });
  const tpm = optionalNumber(draft.tpm_limit, { integer: true });
  const parallel = optionalNumber(draft.max_parallel_requests, { integer: true });
  const errors: FieldErrors = {};
  if (!maxBudget.ok) errors.max_budget = maxBudget.message;
  if (!rpm.ok) errors.rpm_limit = rpm.message;
  if (!tpm.ok) errors.tpm_limit = tpm.message;
  if (!parallel.ok) errors.max_parallel_requests = parallel.message;
  if (!maxBudget.ok || !rpm.ok || !tpm.ok || !parallel.ok) return { ok: false, errors };
  return {
    ok: true,
    limits: {
      models: listOf(draft.models),
      max_budget: maxBudget.value,
      budget_duration: optionalText(draft.budget_duration),
      rpm_limit: rpm.value,
      tpm_limit: tpm.value,
      max_parallel_requests: parallel.value,
    },
  };
}
