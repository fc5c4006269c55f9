import type { AdminApiIssue } from "../../api/admin-api-error.ts";
import { yamlPathLine } from "../../format/yaml-path-line.ts";

/** Validation errors under the editor, each with the line it points at; clicking one selects that line. */
export function ConfigIssues({
  issues,
  source,
  imported,
  onSelectLine,
}: {
  issues: AdminApiIssue[];
  source: string;
  /** Whether this was an import (refused) or only a validation. */
  imported: boolean;
  onSelectLine: (line: number) => void;
}) {
  return (
    <div class="config-issues" role="alert" data-testid="config-errors">
      <strong>
        {issues.length === 1 ? "1 problem" : `${issues.length} problems`}
        {imported ? ": the config was not imported." : ": fix them before importing."}
      </strong>
      <ul>
        {issues.map((issue) => {
          const line = issue.path === "" ? null : yamlPathLine(source, issue.path);
          return (
            <li key={`${issue.path}:${issue.message}`}>
              {line === null ? null : (
                <button type="button" class="link-button" onClick={() => onSelectLine(line)}>
                  line {line}
                </button>
              )}{" "}
              <code>{issue.path || "(root)"}</code>: {issue.message}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
