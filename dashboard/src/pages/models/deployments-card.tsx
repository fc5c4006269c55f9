import { type DeploymentHealth, fetchDeploymentHealth, fetchModelInfo } from "../../api/deployments-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { Badge } from "../../components/badge.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { formatMs, formatRelative, formatTime } from "../../format/format-values.ts";
import { useAsync } from "../../hooks/use-async.ts";

const WINDOW_MINUTES = 15;

function HealthState({ deployment }: { deployment: DeploymentHealth }) {
  if (deployment.state === "healthy") return <Badge tone="ok">healthy</Badge>;
  return (
    <span title={deployment.cooldown_until === null ? undefined : formatTime(deployment.cooldown_until)}>
      <Badge tone="warn">cooling down</Badge>{" "}
      <span class="small muted">
        {deployment.cooldown_reason === null ? "" : `${deployment.cooldown_reason} errors · `}ends{" "}
        {formatRelative(deployment.cooldown_until)}
      </span>
    </span>
  );
}

function HealthTable({ deployments }: { deployments: DeploymentHealth[] }) {
  return (
    <table class="table" data-testid="deployments-table">
      <thead>
        <tr>
          <th>Model</th>
          <th>Deployment</th>
          <th>Provider / upstream</th>
          <th>State</th>
          <th class="numeric">OK / failed ({WINDOW_MINUTES} min)</th>
          <th>Last error</th>
          <th class="numeric">Avg latency</th>
        </tr>
      </thead>
      <tbody>
        {deployments.map((deployment) => (
          <tr key={deployment.id}>
            <td>{deployment.model_group}</td>
            <td>
              <code class="small">{deployment.id}</code>
            </td>
            <td class="small">
              {deployment.provider} / {deployment.upstream_model}
            </td>
            <td>
              <HealthState deployment={deployment} />
            </td>
            <td class="numeric">
              {deployment.recent.successes} /{" "}
              <span class={deployment.recent.failures > 0 ? "text-bad" : ""}>{deployment.recent.failures}</span>
            </td>
            <td class="small">
              {deployment.last_error === null
                ? "—"
                : `${deployment.last_error.kind}${deployment.last_error.status === null ? "" : ` (${deployment.last_error.status})`}, ${formatRelative(deployment.last_error.at)}`}
            </td>
            <td class="numeric">{formatMs(deployment.average_latency_ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Deployments of the active config: health and cooldowns for admins and viewers, the model list for team admins. */
export function DeploymentsCard() {
  const { permissions } = useSignedIn();
  const health = useAsync(
    () => (permissions.readOperations ? fetchDeploymentHealth(WINDOW_MINUTES) : Promise.resolve(null)),
    [permissions.readOperations],
  );
  const models = useAsync(
    () => (permissions.readOperations ? Promise.resolve(null) : fetchModelInfo()),
    [permissions.readOperations],
  );
  return (
    <section class="card">
      <h2>
        Deployments{" "}
        <button type="button" class="button small" onClick={permissions.readOperations ? health.reload : models.reload}>
          Refresh
        </button>
      </h2>
      {permissions.readOperations ? (
        <AsyncView state={health.state} onRetry={health.reload} loadingLabel="Loading deployment health…">
          {(report) =>
            report === null || report.deployments.length === 0 ? (
              <EmptyState title="No deployments">Import a config with a model_list to route requests.</EmptyState>
            ) : (
              <HealthTable deployments={report.deployments} />
            )
          }
        </AsyncView>
      ) : (
        <AsyncView state={models.state} onRetry={models.reload} loadingLabel="Loading models…">
          {(info) => (
            <table class="table">
              <thead>
                <tr>
                  <th>Model</th>
                  <th>Deployment</th>
                  <th>Upstream</th>
                </tr>
              </thead>
              <tbody>
                {(info?.data ?? []).map((model) => (
                  <tr key={model.model_info.id}>
                    <td>{model.model_name}</td>
                    <td>
                      <code class="small">{model.model_info.id}</code>
                    </td>
                    <td class="small">{model.litellm_params.model}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </AsyncView>
      )}
    </section>
  );
}
