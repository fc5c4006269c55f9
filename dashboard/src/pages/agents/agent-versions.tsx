import { useState } from "preact/hooks";
import { fetchAgentDiff, fetchAgentVersions } from "../../api/agents-api.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { formatTime } from "../../format/format-values.ts";
import { useAsync } from "../../hooks/use-async.ts";
import { AgentDiffView } from "./agent-diff-view.tsx";

function VersionDiff({ agentId, from, to }: { agentId: string; from: number; to: number }) {
  const { state, reload } = useAsync(() => fetchAgentDiff(agentId, from, to), [agentId, from, to]);
  return (
    <AsyncView state={state} onRetry={reload} loadingLabel="Comparing versions…">
      {(diff) => <AgentDiffView diff={diff} />}
    </AsyncView>
  );
}

/** Every version of the agent, and the difference between any two. */
export function AgentVersions({ agentId, currentVersion }: { agentId: string; currentVersion: number }) {
  const { state, reload } = useAsync(() => fetchAgentVersions(agentId), [agentId, currentVersion]);
  const [picked, setPicked] = useState<{ from: number; to: number } | null>(null);
  const from = picked?.from ?? Math.max(1, currentVersion - 1);
  const to = picked?.to ?? currentVersion;
  return (
    <AsyncView state={state} onRetry={reload} loadingLabel="Loading versions…">
      {({ versions }) => (
        <div class="stack">
          <table class="table compact">
            <thead>
              <tr>
                <th>Version</th>
                <th>Saved</th>
                <th>By</th>
                <th>Comment</th>
              </tr>
            </thead>
            <tbody>
              {[...versions].reverse().map((version) => (
                <tr key={version.version}>
                  <td>v{version.version}</td>
                  <td class="small">{formatTime(version.created_at)}</td>
                  <td class="small">{version.created_by}</td>
                  <td class="small">{version.comment ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {versions.length < 2 ? (
            <p class="muted">Only one version so far. Saving a change in the definition makes version 2.</p>
          ) : (
            <>
              <div class="inline-form">
                <span>Compare</span>
                <select
                  aria-label="From version"
                  value={from}
                  onChange={(event) => setPicked({ from: Number(event.currentTarget.value), to })}
                >
                  {versions.map((version) => (
                    <option key={version.version} value={version.version}>
                      v{version.version}
                    </option>
                  ))}
                </select>
                <span>with</span>
                <select
                  aria-label="To version"
                  value={to}
                  onChange={(event) => setPicked({ from, to: Number(event.currentTarget.value) })}
                >
                  {versions.map((version) => (
                    <option key={version.version} value={version.version}>
                      v{version.version}
                    </option>
                  ))}
                </select>
              </div>
              <VersionDiff agentId={agentId} from={from} to={to} />
            </>
          )}
        </div>
      )}
    </AsyncView>
  );
}
