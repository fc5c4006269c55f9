import { useState } from "preact/hooks";
import { listAgents } from "../../api/agents-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { Badge } from "../../components/badge.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { SecretOnceDialog } from "../../components/secret-once-dialog.tsx";
import { formatRelative } from "../../format/format-values.ts";
import { useAsync } from "../../hooks/use-async.ts";
import { AgentCreateDialog } from "./agent-create-dialog.tsx";

type Dialog = { kind: "none" } | { kind: "create" } | { kind: "created"; agentId: string; key: string };

/** Registered agents; each has versioned definitions, its own key and connect snippets. */
export function AgentsPage() {
  const { permissions } = useSignedIn();
  const [dialog, setDialog] = useState<Dialog>({ kind: "none" });
  const { state, reload } = useAsync(() => listAgents(), []);
  const create = () => setDialog({ kind: "create" });
  return (
    <>
      <PageHeader
        title="Agents"
        description="Coding agents (Claude Code, Codex, OpenCode, custom) with their own key, budget and trace policy."
        actions={
          permissions.writeKeysAndAgents ? (
            <button type="button" class="button primary" onClick={create}>
              Register agent
            </button>
          ) : undefined
        }
      />
      <AsyncView state={state} onRetry={reload} loadingLabel="Loading agents…">
        {({ agents }) =>
          agents.length === 0 ? (
            <EmptyState
              title="No agents yet"
              action={
                permissions.writeKeysAndAgents ? (
                  <button type="button" class="button primary" onClick={create}>
                    Register the first agent
                  </button>
                ) : undefined
              }
            >
              Register an agent to give it its own key and budget, then paste its connect snippet into Claude Code,
              Codex or OpenCode.
            </EmptyState>
          ) : (
            <table class="table" data-testid="agents-table">
              <thead>
                <tr>
                  <th>Agent</th>
                  <th>Team</th>
                  <th>Harness</th>
                  <th>Default model</th>
                  <th>Tags</th>
                  <th class="numeric">Version</th>
                  <th>Updated</th>
                </tr>
              </thead>
              <tbody>
                {agents.map((agent) => (
                  <tr key={agent.agent_id}>
                    <td>
                      <a href={`#/agents/${encodeURIComponent(agent.agent_id)}`}>{agent.name}</a>
                      {agent.description === null ? null : <div class="muted small">{agent.description}</div>}
                    </td>
                    <td>{agent.team_id}</td>
                    <td>
                      <Badge tone="neutral">{agent.harness}</Badge>
                    </td>
                    <td>{agent.default_model}</td>
                    <td class="small">{agent.tags.join(", ")}</td>
                    <td class="numeric">v{agent.version}</td>
                    <td class="small muted">{formatRelative(agent.updated_at ?? agent.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </AsyncView>
      {dialog.kind === "create" ? (
        <AgentCreateDialog
          onClose={() => setDialog({ kind: "none" })}
          onCreated={(agentId, key) => setDialog({ kind: "created", agentId, key })}
        />
      ) : null}
      {dialog.kind === "created" ? (
        <SecretOnceDialog
          title="Agent registered"
          secret={dialog.key}
          usage="Set it as SWITCHYARD_API_KEY where the agent runs; the agent's page has the connect snippets."
          onClose={() => {
            window.location.hash = `#/agents/${encodeURIComponent(dialog.agentId)}`;
          }}
        />
      ) : null}
    </>
  );
}
