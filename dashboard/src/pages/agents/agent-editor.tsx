import { useState } from "preact/hooks";
import { type Agent, type AgentTracePolicy, updateAgent } from "../../api/agents-api.ts";
import { DialogActions } from "../../components/dialog-actions.tsx";
import { FormError } from "../../components/form-error.tsx";
import { FormField } from "../../components/form-field.tsx";
import { HarnessSelect } from "../../components/harness-select.tsx";
import { LimitsFields } from "../../components/limits-fields.tsx";
import { ModelNameInput } from "../../components/model-name-input.tsx";
import { BUDGET_FIELDS } from "../../form/limits-draft.ts";
import { useFormSubmit } from "../../form/use-form-submit.ts";
import { type AgentDraft, agentDraftOf, agentUpdateOf } from "./agent-draft.ts";

const FIELDS = [
  "name",
  "description",
  "harness",
  "default_model",
  "system_prompt",
  "allowed_tools",
  "allowed_mcp_servers",
  "tags",
  "env",
  ...BUDGET_FIELDS,
  "trace_policy.bodies",
  "trace_policy.retention_days",
  "comment",
] as const;

/** Edits the definition; every save that changes something is a new immutable version. */
export function AgentEditor({
  agent,
  readOnly,
  onSaved,
}: {
  agent: Agent;
  readOnly: boolean;
  onSaved: (agent: Agent) => void;
}) {
  const [draft, setDraft] = useState<AgentDraft>(() => agentDraftOf(agent));
  const { errors, general, busy, setBusy, startParsed, fail } = useFormSubmit(FIELDS);
  const [notice, setNotice] = useState<string | null>(null);
  const set = <Field extends keyof AgentDraft>(field: Field, value: AgentDraft[Field]) =>
    setDraft({ ...draft, [field]: value });

  const submit = (event: Event) => {
    event.preventDefault();
    const parsed = agentUpdateOf(draft);
    if (!startParsed(parsed)) return;
    setNotice(null);
    updateAgent(agent.agent_id, parsed.update).then((saved) => {
      setBusy(false);
      setNotice(
        saved.version === agent.version ? "Nothing changed: no new version." : `Saved as version ${saved.version}.`,
      );
      setDraft({ ...agentDraftOf(saved) });
      onSaved(saved);
    }, fail);
  };

  const text = (
    field: "name" | "description" | "allowed_tools" | "allowed_mcp_servers" | "tags" | "comment",
    hint?: string,
  ) => (
    <input name={field} value={draft[field]} title={hint} onInput={(event) => set(field, event.currentTarget.value)} />
  );

  return (
    <form class="stack" onSubmit={submit} aria-label="Agent definition">
      <fieldset disabled={readOnly || busy} class="stack">
        <div class="form-grid">
          <FormField label="Name" error={errors.name}>
            {text("name")}
          </FormField>
          <FormField label="Harness" error={errors.harness}>
            <HarnessSelect value={draft.harness} onChange={(harness) => set("harness", harness)} />
          </FormField>
          <FormField label="Default model" error={errors.default_model}>
            <ModelNameInput
              name="default_model"
              value={draft.default_model}
              onChange={(value) => set("default_model", value)}
            />
          </FormField>
          <FormField label="Description" error={errors.description}>
            {text("description")}
          </FormField>
        </div>
        <FormField label="System prompt" error={errors.system_prompt}>
          <textarea
            rows={5}
            value={draft.system_prompt}
            onInput={(event) => set("system_prompt", event.currentTarget.value)}
          />
        </FormField>
        <div class="form-grid">
          <FormField label="Allowed tools" hint="Comma-separated" error={errors.allowed_tools}>
            {text("allowed_tools")}
          </FormField>
          <FormField label="Allowed MCP servers" hint="Comma-separated" error={errors.allowed_mcp_servers}>
            {text("allowed_mcp_servers")}
          </FormField>
          <FormField label="Tags" hint="Comma-separated" error={errors.tags}>
            {text("tags")}
          </FormField>
        </div>
        <FormField label="Environment" hint="NAME=value per line; no secrets (they are refused)" error={errors.env}>
          <textarea
            rows={3}
            class="code-editor"
            value={draft.env}
            onInput={(event) => set("env", event.currentTarget.value)}
          />
        </FormField>
        <h3>Budget and limits</h3>
        <LimitsFields
          draft={draft.limits}
          onChange={(limits) => set("limits", limits)}
          errors={errors}
          withModels={false}
        />
        <h3>Trace policy</h3>
        <div class="form-grid">
          <FormField label="Bodies kept" error={errors["trace_policy.bodies"]}>
            <select
              value={draft.trace_bodies}
              onChange={(event) => set("trace_bodies", event.currentTarget.value as AgentTracePolicy["bodies"])}
            >
              <option value="none">none</option>
              <option value="metadata">metadata</option>
              <option value="full">full</option>
            </select>
          </FormField>
          <FormField label="Retention (days)" error={errors["trace_policy.retention_days"]}>
            <input
              inputMode="numeric"
              value={draft.trace_retention_days}
              onInput={(event) => set("trace_retention_days", event.currentTarget.value)}
            />
          </FormField>
          <FormField label="Version comment" error={errors.comment}>
            {text("comment")}
          </FormField>
        </div>
      </fieldset>
      <FormError message={general} />
      {notice === null ? null : (
        <p class="notice ok" role="status">
          {notice}
        </p>
      )}
      {readOnly ? null : <DialogActions busy={busy} submitLabel="Save as new version" />}
    </form>
  );
}
