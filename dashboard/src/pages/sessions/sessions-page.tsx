import { useState } from "preact/hooks";
import { listSessions } from "../../api/sessions-api.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { Badge } from "../../components/badge.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { Pager } from "../../components/pager.tsx";
import { optionalNumber } from "../../form/form-values.ts";
import { formatCount, formatMs, formatRelative, formatUsd, shortHash } from "../../format/format-values.ts";
import { useAsync } from "../../hooks/use-async.ts";
import { hrefOf } from "../../router/route.ts";
import { SessionFilters, type SessionFilterValues, sinceToFrom } from "./session-filters.tsx";

const PAGE_SIZE = 50;

/** Recorded sessions, newest activity first, with filters; each opens its trace. */
export function SessionsPage({ initialAgentId }: { initialAgentId: string | undefined }) {
  const [filters, setFilters] = useState<SessionFilterValues>({
    agentId: initialAgentId,
    teamId: undefined,
    status: undefined,
    since: "7d",
    minCost: "",
  });
  const [page, setPage] = useState(1);
  const [now, setNow] = useState(() => Date.now());
  const minCost = optionalNumber(filters.minCost);
  const { state, reload } = useAsync(
    (signal) =>
      listSessions(
        {
          agent_id: filters.agentId,
          team_id: filters.teamId,
          status: filters.status,
          from: sinceToFrom(filters.since, now),
          min_cost: minCost.ok && minCost.value !== null ? minCost.value : undefined,
          page,
          page_size: PAGE_SIZE,
        },
        signal,
      ),
    [filters, page, now],
  );
  return (
    <>
      <PageHeader
        title="Sessions"
        description="Agent sessions as the gateway recorded them: turns, model calls, tool calls, cost."
        actions={
          <button type="button" class="button" onClick={() => setNow(Date.now())}>
            Refresh
          </button>
        }
      />
      <SessionFilters
        value={filters}
        onChange={(next) => {
          setFilters(next);
          setPage(1);
        }}
      />
      <AsyncView state={state} onRetry={reload} loadingLabel="Loading sessions…">
        {(result) =>
          result.data.length === 0 ? (
            <EmptyState title="No sessions match">
              Sessions appear when clients send a session id (Claude Code, Codex and OpenCode do; others can send{" "}
              <code>x-session-id</code> or <code>x-switchyard-session: new</code>). Widen the filters or send traffic
              through the gateway.
            </EmptyState>
          ) : (
            <>
              <table class="table" data-testid="sessions-table">
                <thead>
                  <tr>
                    <th>Session</th>
                    <th>Agent / key</th>
                    <th>Team</th>
                    <th>Last activity</th>
                    <th class="numeric">Duration</th>
                    <th class="numeric">Model calls</th>
                    <th class="numeric">Tool calls</th>
                    <th class="numeric">Cost</th>
                    <th>Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {result.data.map((session) => (
                    <tr key={`${session.scope}:${session.session_id}`}>
                      <td>
                        <a href={hrefOf({ page: "session", sessionId: session.session_id, scope: session.scope })}>
                          {session.session_id}
                        </a>
                      </td>
                      <td class="small">
                        {session.agent_id === null ? (
                          session.key_hash === null ? (
                            "—"
                          ) : (
                            <code>{shortHash(session.key_hash)}</code>
                          )
                        ) : (
                          <a href={`#/agents/${encodeURIComponent(session.agent_id)}`}>{session.agent_id}</a>
                        )}
                      </td>
                      <td class="small">{session.team_id ?? "—"}</td>
                      <td class="small muted">{formatRelative(session.last_at, now)}</td>
                      <td class="numeric">{formatMs(session.last_at - session.started_at)}</td>
                      <td class="numeric">{formatCount(session.model_calls)}</td>
                      <td class="numeric">{formatCount(session.tool_calls)}</td>
                      <td class="numeric">{formatUsd(session.cost_usd)}</td>
                      <td>
                        {session.status === "ok" ? <Badge tone="ok">ok</Badge> : <Badge tone="bad">errors</Badge>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Pager page={page} totalPages={result.total_pages} onPage={setPage} />
            </>
          )
        }
      </AsyncView>
    </>
  );
}
