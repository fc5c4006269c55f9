import { useRef, useState } from "preact/hooks";
import { AdminApiError, type AdminApiIssue } from "../../api/admin-api-error.ts";
import { importConfig, validateConfig } from "../../api/config-api.ts";
import { FormField } from "../../components/form-field.tsx";
import { ConfigIssues } from "./config-issues.tsx";

type Outcome =
  | { kind: "none" }
  | { kind: "issues"; issues: AdminApiIssue[]; source: string; imported: boolean }
  | { kind: "failed"; message: string }
  | { kind: "valid"; models: number; warnings: string[] }
  | { kind: "imported"; version: number; warnings: string[] };

function outcomeOfError(thrown: unknown, source: string, action: "validate" | "import"): Outcome {
  if (thrown instanceof AdminApiError && thrown.issues.length > 0)
    return { kind: "issues", issues: thrown.issues, source, imported: action === "import" };
  return { kind: "failed", message: thrown instanceof Error ? thrown.message : String(thrown) };
}

/**
 * Paste or upload a LiteLLM config.yaml, validate it (POST /config?dry_run=true) or import it as the
 * new active version. Problems come back with their paths and are listed under the editor.
 */
export function ConfigImportCard({ onImported }: { onImported: () => void }) {
  const [source, setSource] = useState("");
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState<"validate" | "import" | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "none" });
  const editor = useRef<HTMLTextAreaElement>(null);

  const run = (action: "validate" | "import") => {
    setBusy(action);
    setOutcome({ kind: "none" });
    const sent = source;
    const done =
      action === "validate"
        ? validateConfig(sent).then(
            (result): Outcome => ({ kind: "valid", models: result.models, warnings: result.warnings }),
          )
        : importConfig(sent, comment.trim()).then((result): Outcome => {
            onImported();
            return { kind: "imported", version: result.version, warnings: result.warnings };
          });
    done
      .catch((thrown: unknown) => outcomeOfError(thrown, sent, action))
      .then((next) => {
        setOutcome(next);
        setBusy(null);
      });
  };

  const loadFile = (file: File | undefined) => {
    if (file === undefined) return;
    file.text().then(
      (text) => setSource(text),
      () => setOutcome({ kind: "failed", message: `Could not read ${file.name}.` }),
    );
  };

  const selectLine = (line: number) => {
    const element = editor.current;
    if (element === null) return;
    const lines = source.split("\n");
    const start = lines.slice(0, line - 1).reduce((total, text) => total + text.length + 1, 0);
    element.focus();
    element.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };

  return (
    <section class="card">
      <h2>Import a config</h2>
      <p class="muted small">
        A LiteLLM <code>config.yaml</code>, unchanged. It becomes the active version; gateways pick it up within
        seconds. Validate first to see problems without changing anything.
      </p>
      <div class="stack">
        <input
          type="file"
          accept=".yaml,.yml,.json"
          aria-label="Config file"
          onChange={(event) => loadFile(event.currentTarget.files?.[0])}
        />
        <textarea
          ref={editor}
          name="config-yaml"
          class="code-editor"
          rows={16}
          spellcheck={false}
          placeholder={
            "model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: openai/gpt-4o\n      api_key: os.environ/OPENAI_API_KEY"
          }
          value={source}
          onInput={(event) => setSource(event.currentTarget.value)}
        />
        <FormField label="Comment" hint="Recorded with the version">
          <input name="config-comment" value={comment} onInput={(event) => setComment(event.currentTarget.value)} />
        </FormField>
        {outcome.kind === "issues" ? (
          <ConfigIssues
            issues={outcome.issues}
            source={outcome.source}
            imported={outcome.imported}
            onSelectLine={selectLine}
          />
        ) : null}
        {outcome.kind === "failed" ? (
          <p class="field-error" role="alert">
            {outcome.message}
          </p>
        ) : null}
        {outcome.kind === "valid" ? (
          <p class="notice ok" role="status">
            Valid: {outcome.models} model entries
            {outcome.warnings.length === 0 ? "." : `, ${outcome.warnings.length} warnings.`}
          </p>
        ) : null}
        {outcome.kind === "imported" ? (
          <p class="notice ok" role="status" data-testid="config-imported">
            Imported and activated as version {outcome.version}.
          </p>
        ) : null}
        {(outcome.kind === "valid" || outcome.kind === "imported") && outcome.warnings.length > 0 ? (
          <ul class="warning-list">
            {outcome.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        ) : null}
        <div class="dialog-actions">
          <button
            type="button"
            class="button"
            disabled={busy !== null || source.trim() === ""}
            onClick={() => run("validate")}
          >
            {busy === "validate" ? "Validating…" : "Validate"}
          </button>
          <button
            type="button"
            class="button primary"
            disabled={busy !== null || source.trim() === ""}
            onClick={() => run("import")}
          >
            {busy === "import" ? "Importing…" : "Import and activate"}
          </button>
        </div>
      </div>
    </section>
  );
}
