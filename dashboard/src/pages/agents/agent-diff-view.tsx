import type { AgentDiff } from "../../api/agents-api.ts";

const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value, null, 1));

/** A version diff by field path: added green, removed red, changed old → new. */
export function AgentDiffView({ diff }: { diff: AgentDiff }) {
  const rows = [
    ...diff.changed.map((item) => ({ kind: "changed" as const, path: item.path, old: item.old, new: item.new })),
    ...diff.added.map((item) => ({ kind: "added" as const, path: item.path, old: undefined, new: item.new })),
    ...diff.removed.map((item) => ({ kind: "removed" as const, path: item.path, old: item.old, new: undefined })),
  ].sort((left, right) => left.path.localeCompare(right.path));
  if (rows.length === 0) return <p class="muted">These versions are identical.</p>;
  return (
    <table class="table diff" data-testid="agent-diff">
      <thead>
        <tr>
          <th>Field</th>
          <th>v{diff.from}</th>
          <th>v{diff.to}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.path} class={`diff-${row.kind}`}>
            <td>
              <code>{row.path}</code>
            </td>
            <td class="diff-old">{row.old === undefined ? "" : <pre>{show(row.old)}</pre>}</td>
            <td class="diff-new">{row.new === undefined ? "" : <pre>{show(row.new)}</pre>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
