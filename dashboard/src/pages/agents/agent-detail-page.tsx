import { useState } from "preact/hooks";
import { deleteAgent, fetchAgent, rotateAgentKey } from "../../api/agents-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { Badge } from "../../components/badge.tsx";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { SecretOnceDialog } from "../../components/secret-once-dialog.tsx";
import { useAsync } from "../../hooks/use-async.ts";
import { AgentConnect } from "./agent-connect.tsx";
import { AgentEditor } from "./agent-editor.tsx";
import { AgentVersions } from "./agent-versions.tsx";

type Tab = "definition" | "versions" | "connect" | "keys";
type Dialog = { kind: "none" } | { kind: "rotate" } | { kind: "delete" } | { kind: "rotated"; key: string };

const TABS: Array<{ tab: Tab; label: string }> = [
  { tab: "definition", label: "Definition" },
  { tab: "versions", label: "Versions" },
  { tab: "connect", label: "Connect" },
  { tab: "keys", label: "Keys" },
];

/** One agent: its definition editor, versions with diffs, connect snippets and keys. */
export function AgentDetailPage({ agentId }: { agentId: string }) {
  const { permissions } = useSignedIn();
  const [tab, setTab] = useState<Tab>("definition");
  const [dialog, setDialog] = useState<Dialog>({ kind: "none" });
  const { state, reload } = useAsync(() => fetchAgent(agentId), [agentId]);
  const close = () => setDialog({ kind: "none" });

  return (
    <AsyncView state={state} onRetry={reload} loadingLabel="Loading the agent…">
      {(agent) => {
        const live = agent.deleted_at === null;
        const canWrite = permissions.writeKeysAndAgents && live;
        return (
          <>
            <PageHeader
              title={agent.name}
              description={
                <>
                  <Badge tone="neutral">{agent.harness}</Badge> team {agent.team_id} · v{agent.version} ·{" "}
                  <a href={`#/sessions?agent_id=${encodeURIComponent(agent.agent_id)}`}>sessions</a>
                  {live ? null : <Badge tone="bad">deleted</Badge>}
                </>
              }
              actions={
                canWrite ? (
                  <>
                    <button type="button" class="button" onClick={() => setDialog({ kind: "rotate" })}>
                      Rotate key
                    </button>
                    <button type="button" class="button danger" onClick={() => setDialog({ kind: "delete" })}>
                      Delete
                    </button>
                  </>
                ) : undefined
              }
            />
            <div class="tabs" role="tablist" data-testid="agent-tabs">
              {TABS.map((item) => (
                <button
                  key={item.tab}
                  type="button"
                  role="tab"
                  aria-selected={tab === item.tab}
                  class={tab === item.tab ? "tab active" : "tab"}
                  onClick={() => setTab(item.tab)}
                >
                  {item.label}
                </button>
              ))}
            </div>
            <section class="card">
              {tab === "definition" ? (
                <AgentEditor key={agent.version} agent={agent} readOnly={!canWrite} onSaved={reload} />
              ) : null}
              {tab === "versions" ? <AgentVersions agentId={agent.agent_id} currentVersion={agent.version} /> : null}
              {tab === "connect" ? (
                live ? (
                  <AgentConnect agentId={agent.agent_id} harness={agent.harness} />
                ) : (
                  <p class="muted">A deleted agent has no connect snippets: its keys are blocked.</p>
                )
              ) : null}
              {tab === "keys" ? (
                <table class="table compact">
                  <thead>
                    <tr>
                      <th>Key</th>
                      <th>Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {agent.keys.map((key) => (
                      <tr key={key.token}>
                        <td>
                          <code>{key.key_name}</code>
                        </td>
                        <td>{key.blocked ? <Badge tone="bad">blocked</Badge> : <Badge tone="ok">active</Badge>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </section>
            {dialog.kind === "rotate" ? (
              <ConfirmDialog
                title="Rotate the agent's key"
                confirmLabel="Rotate"
                onClose={close}
                onConfirm={() =>
                  rotateAgentKey(agent.agent_id).then((rotated) => {
                    reload();
                    // Opened after the confirm dialog closes itself.
                    window.setTimeout(() => setDialog({ kind: "rotated", key: rotated.key }), 0);
                  })
                }
              >
                <p>A new key is issued and every current key of this agent is blocked at once.</p>
              </ConfirmDialog>
            ) : null}
            {dialog.kind === "rotated" ? (
              <SecretOnceDialog title="New agent key" secret={dialog.key} onClose={close} />
            ) : null}
            {dialog.kind === "delete" ? (
              <ConfirmDialog
                title="Delete agent"
                confirmLabel="Delete agent"
                onClose={close}
                onConfirm={() => deleteAgent(agent.agent_id).then(reload)}
              >
                <p>
                  Delete <strong>{agent.name}</strong>? Its keys are blocked; its spend and traces stay.
                </p>
              </ConfirmDialog>
            ) : null}
          </>
        );
      }}
    </AsyncView>
  );
}
