import { AdminApiError } from "../api/admin-api-error.ts";
import type { FieldErrors } from "./limits-draft.ts";

/**
 * Puts an admin API error next to the field it names (`param`, e.g. `max_budget` or
 * `trace_policy.bodies`); anything not about a field on this form stays a general message.
 */
export function apiFieldErrors(
  thrown: unknown,
  fields: readonly string[],
): { fields: FieldErrors; general: string | null } {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  if (thrown instanceof AdminApiError && thrown.param !== null) {
    const field = fields.find((name) => thrown.param === name || thrown.param?.startsWith(`${name}.`) === true);
    if (field !== undefined) return { fields: { [field]: message }, general: null };
  }
  return { fields: {}, general: message };
}
