import type { ConfigVersionSummary } from "../../api/config-api.ts";
import { Badge } from "../../components/badge.tsx";
import { formatTime } from "../../format/format-values.ts";

export function ConfigVersionsCard({ versions }: { versions: ConfigVersionSummary[] }) {
  return (
    <section class="card">
      <h2>Versions</h2>
      <table class="table compact">
        <thead>
          <tr>
            <th>Version</th>
            <th>Activated</th>
            <th>By</th>
            <th>Comment</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.version}>
              <td>
                {version.version} {version.isActive ? <Badge tone="ok">active</Badge> : null}
              </td>
              <td class="small">{formatTime(version.createdAt)}</td>
              <td class="small">{version.createdBy ?? "—"}</td>
              <td class="small">{version.comment ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
