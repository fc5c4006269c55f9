import { fetchSessionTrace } from "../../api/sessions-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { StatCard } from "../../components/stat-card.tsx";
import { formatCount, formatMs, formatTime, formatUsd } from "../../format/format-values.ts";
import { useAsync } from "../../hooks/use-async.ts";
import { Waterfall } from "./waterfall.tsx";

/** One session's trace: totals, then the waterfall of its model and tool calls. */
export function SessionTracePage({ sessionId, scope }: { sessionId: string; scope: string | undefined }) {
  const { permissions } = useSignedIn();
  const { state, reload } = useAsync(() => fetchSessionTrace(sessionId, scope), [sessionId, scope]);
  return (
    <>
      <PageHeader
        title={`Session ${sessionId}`}
        description={<a href="#/sessions">← All sessions</a>}
        actions={
          <button type="button" class="button" onClick={reload}>
            Refresh
          </button>
        }
      />
      <AsyncView state={state} onRetry={reload} loadingLabel="Loading the trace…">
        {(trace) => (
          <>
            <div class="stat-row">
              <StatCard label="Cost" value={formatUsd(trace.totals.costUsd)} />
              <StatCard
                label="Model calls"
                value={formatCount(trace.totals.modelCalls)}
                note={`${trace.totals.turns} turns`}
              />
              <StatCard label="Tool calls" value={formatCount(trace.totals.toolCalls)} />
              <StatCard
                label="Tokens"
                value={formatCount(trace.totals.inputTokens + trace.totals.outputTokens)}
                note={`${formatCount(trace.totals.inputTokens)} in · ${formatCount(trace.totals.outputTokens)} out`}
              />
              <StatCard
                label="Duration"
                value={formatMs(
                  trace.startedAt === null || trace.lastAt === null ? null : trace.lastAt - trace.startedAt,
                )}
                note={formatTime(trace.startedAt)}
              />
            </div>
            <p class="muted small">
              Scope <code>{trace.scope}</code>
              {trace.agentId === null ? null : (
                <>
                  {" "}
                  · agent <a href={`#/agents/${encodeURIComponent(trace.agentId)}`}>{trace.agentId}</a>
                </>
              )}{" "}
              · bodies kept: {trace.tracePolicy ?? "metadata"}. Click a span for its inputs and outputs
              {permissions.replaySpans ? " and to replay it" : ""}.
            </p>
            {trace.turns.length === 0 ? (
              <EmptyState title="No calls recorded">The session exists but holds no model calls yet.</EmptyState>
            ) : (
              <section class="card">
                <Waterfall trace={trace} canReplay={permissions.replaySpans} scope={scope ?? trace.scope} />
              </section>
            )}
          </>
        )}
      </AsyncView>
    </>
  );
}
