import { useState } from "preact/hooks";
import { type AgentHarness, fetchAgentConnect } from "../../api/agents-api.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { CodeBlock } from "../../components/code-block.tsx";
import { useAsync } from "../../hooks/use-async.ts";

const HARNESS_TABS: Array<{ harness: AgentHarness; label: string }> = [
  { harness: "claude-code", label: "Claude Code" },
  { harness: "codex", label: "Codex" },
  { harness: "opencode", label: "OpenCode" },
];

/** The connect snippets for each client: environment, shell exports and config files (never the key). */
export function AgentConnect({ agentId, harness }: { agentId: string; harness: AgentHarness }) {
  const [selected, setSelected] = useState<AgentHarness>(harness === "custom" ? "claude-code" : harness);
  const { state, reload } = useAsync(() => fetchAgentConnect(agentId, selected), [agentId, selected]);
  return (
    <div class="stack">
      <div class="tabs" role="tablist">
        {HARNESS_TABS.map((tab) => (
          <button
            key={tab.harness}
            type="button"
            role="tab"
            aria-selected={selected === tab.harness}
            class={selected === tab.harness ? "tab active" : "tab"}
            onClick={() => setSelected(tab.harness)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <AsyncView state={state} onRetry={reload} loadingLabel="Building the snippets…">
        {(connect) => (
          <div class="stack" data-testid="connect-snippets">
            <p class="muted small">
              Set <code>{connect.api_key_env}</code> to the agent's key (shown when it was registered or rotated).
              Gateway: <code>{connect.base_url}</code>, model <code>{connect.model}</code>.
            </p>
            <CodeBlock title="Shell" code={connect.shell} />
            {connect.files.map((file) => (
              <CodeBlock key={file.path} title={file.path} code={file.content} />
            ))}
            {connect.notes.length === 0 ? null : (
              <ul class="small muted">
                {connect.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </AsyncView>
    </div>
  );
}
