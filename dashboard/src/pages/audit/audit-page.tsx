import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { type AuditEntry, listAudit } from "../../api/audit-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { Badge } from "../../components/badge.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { ErrorBanner } from "../../components/error-banner.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { formatTime, shortHash } from "../../format/format-values.ts";
import { useAsync } from "../../hooks/use-async.ts";
import { AuditVerifyBanner } from "./audit-verify-banner.tsx";

const PAGE_SIZE = 100;

interface Filters {
  action: string;
  actor: string;
}

function toneOf(action: string) {
  if (action.endsWith(".refused") || action.endsWith(".denied") || action.endsWith(".blocked")) return "bad" as const;
  if (action.endsWith(".delete") || action.endsWith(".block")) return "warn" as const;
  return "neutral" as const;
}

/** The tamper-evident audit trail, newest first, with its chain verification status. */
export function AuditPage() {
  const { permissions } = useSignedIn();
  const [draft, setDraft] = useState<Filters>({ action: "", actor: "" });
  const [filters, setFilters] = useState<Filters>({ action: "", actor: "" });
  const [more, setMore] = useState<{
    entries: AuditEntry[];
    cursor: string | null;
    loading: boolean;
    error: Error | null;
  } | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const query = { action: filters.action || undefined, actor: filters.actor || undefined, limit: PAGE_SIZE };
  const { state, reload } = useAsync(() => {
    setMore(null);
    return listAudit(query);
  }, [filters]);

  const loadMore = (cursor: string) => {
    setMore((current) => ({ entries: current?.entries ?? [], cursor, loading: true, error: null }));
    listAudit({ ...query, cursor }).then(
      (page) =>
        setMore((current) => ({
          entries: [...(current?.entries ?? []), ...page.entries],
          cursor: page.next_cursor,
          loading: false,
          error: null,
        })),
      (error: unknown) =>
        setMore((current) => ({
          entries: current?.entries ?? [],
          cursor,
          loading: false,
          error: error instanceof Error ? error : new Error(String(error)),
        })),
    );
  };

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every admin change and gateway policy refusal, hash-chained so edits show."
      />
      {permissions.readOperations ? <AuditVerifyBanner /> : null}
      <form
        class="filters"
        aria-label="Filter the audit log"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
        }}
      >
        <input
          aria-label="Action"
          placeholder="Action prefix (key, config.activate…)"
          value={draft.action}
          onInput={(event) => setDraft({ ...draft, action: event.currentTarget.value })}
        />
        <input
          aria-label="Actor"
          placeholder="Actor (master, key prefix…)"
          value={draft.actor}
          onInput={(event) => setDraft({ ...draft, actor: event.currentTarget.value })}
        />
        <button type="submit" class="button">
          Filter
        </button>
      </form>
      <AsyncView state={state} onRetry={reload} loadingLabel="Loading the audit log…">
        {(firstPage) => {
          const entries = [...firstPage.entries, ...(more?.entries ?? [])];
          const cursor = more === null ? firstPage.next_cursor : more.cursor;
          if (entries.length === 0) {
            return (
              <EmptyState title="No audit entries">
                {filters.action === "" && filters.actor === ""
                  ? "Entries appear as soon as anyone changes a key, team, agent or config, or the gateway refuses a request."
                  : "Nothing matches these filters."}
              </EmptyState>
            );
          }
          return (
            <>
              <table class="table" data-testid="audit-table">
                <thead>
                  <tr>
                    <th class="numeric">#</th>
                    <th>Time</th>
                    <th>Actor</th>
                    <th>Action</th>
                    <th>Target</th>
                    <th>Team</th>
                    <th>Hash</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <Fragment key={entry.seq}>
                      <tr
                        class="clickable"
                        onClick={() => setOpen(open === entry.seq ? null : entry.seq)}
                        aria-expanded={open === entry.seq}
                      >
                        <td class="numeric">{entry.seq}</td>
                        <td class="small">{formatTime(entry.at)}</td>
                        <td class="small">
                          {entry.actor.label} <span class="muted">({entry.actor.role})</span>
                        </td>
                        <td>
                          <Badge tone={toneOf(entry.action)}>{entry.action}</Badge>
                        </td>
                        <td class="small">
                          {entry.target.type}{" "}
                          {entry.target.id === null ? "" : <code>{shortHash(entry.target.id, 14)}</code>}
                        </td>
                        <td class="small">{entry.team_id ?? "—"}</td>
                        <td>
                          <code class="small muted">{shortHash(entry.hash, 8)}</code>
                        </td>
                      </tr>
                      {open === entry.seq ? (
                        <tr class="details-row">
                          <td colSpan={7}>
                            <pre class="details-json">{JSON.stringify(entry.details, null, 2)}</pre>
                            <div class="small muted">
                              hash <code>{entry.hash}</code> · previous <code>{entry.prev_hash}</code>
                            </div>
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  ))}
                </tbody>
              </table>
              {more?.error ? <ErrorBanner error={more.error} /> : null}
              {cursor === null ? null : (
                <div class="pager">
                  <button
                    type="button"
                    class="button"
                    disabled={more?.loading === true}
                    onClick={() => loadMore(cursor)}
                  >
                    {more?.loading === true ? "Loading…" : "Load older entries"}
                  </button>
                </div>
              )}
            </>
          );
        }}
      </AsyncView>
    </>
  );
}
