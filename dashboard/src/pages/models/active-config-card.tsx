import { useMemo } from "preact/hooks";
import type { ActiveConfig } from "../../api/config-api.ts";
import { CodeBlock } from "../../components/code-block.tsx";
import { formatTime } from "../../format/format-values.ts";
import { toYaml } from "../../format/to-yaml.ts";

/** The active config version as YAML (secrets masked by the API), with who activated it and its warnings. */
export function ActiveConfigCard({ active }: { active: ActiveConfig }) {
  const yaml = useMemo(() => toYaml(active.config), [active]);
  return (
    <section class="card">
      <h2>
        Active config <span class="badge neutral">version {active.version}</span>
      </h2>
      <p class="muted small">
        Activated {formatTime(active.created_at)} by {active.created_by ?? "unknown"}
        {active.comment === null ? "" : ` — “${active.comment}”`}. Secrets are masked.
      </p>
      {active.warnings.length === 0 ? null : (
        <ul class="warning-list">
          {active.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <CodeBlock title="config.yaml" code={yaml} testId="active-config-yaml" />
    </section>
  );
}
