import type { FieldErrors, LimitsDraft } from "../form/limits-draft.ts";
import { FormField } from "./form-field.tsx";

/** Budget, duration, RPM/TPM, parallel requests and allowed models; blank means no limit. */
export function LimitsFields({
  draft,
  onChange,
  errors,
  disabled = false,
  withModels = true,
}: {
  draft: LimitsDraft;
  onChange: (draft: LimitsDraft) => void;
  errors: FieldErrors;
  disabled?: boolean;
  /** Agents have no model list of their own (their default model is part of the definition). */
  withModels?: boolean;
}) {
  const input = (name: keyof LimitsDraft, placeholder: string, inputMode: "decimal" | "numeric" | "text") => (
    <input
      name={name}
      value={draft[name]}
      placeholder={placeholder}
      inputMode={inputMode}
      disabled={disabled}
      onInput={(event) => onChange({ ...draft, [name]: event.currentTarget.value })}
    />
  );
  return (
    <div class="form-grid">
      <FormField label="Budget (USD)" hint="Blank: no budget" error={errors.max_budget}>
        {input("max_budget", "e.g. 25", "decimal")}
      </FormField>
      <FormField label="Budget period" hint="30d, 1d, monthly… blank: lifetime" error={errors.budget_duration}>
        {input("budget_duration", "e.g. 30d", "text")}
      </FormField>
      <FormField label="Requests / minute" error={errors.rpm_limit}>
        {input("rpm_limit", "no limit", "numeric")}
      </FormField>
      <FormField label="Tokens / minute" error={errors.tpm_limit}>
        {input("tpm_limit", "no limit", "numeric")}
      </FormField>
      <FormField label="Parallel requests" error={errors.max_parallel_requests}>
        {input("max_parallel_requests", "no limit", "numeric")}
      </FormField>
      {withModels ? (
        <FormField label="Models" hint="Comma-separated; blank: all models" error={errors.models}>
          {input("models", "all models", "text")}
        </FormField>
      ) : null}
    </div>
  );
}
