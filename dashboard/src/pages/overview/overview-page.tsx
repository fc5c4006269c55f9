import { useMemo, useState } from "preact/hooks";
import { type AnalyticsOverview, fetchOverview } from "../../api/analytics-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { AsyncView } from "../../components/async-view.tsx";
import { EmptyState } from "../../components/empty-state.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { StatCard } from "../../components/stat-card.tsx";
import { TeamSelect } from "../../components/team-select.tsx";
import { formatCount, formatMs, formatPercent, formatUsd } from "../../format/format-values.ts";
import { useAsync } from "../../hooks/use-async.ts";
import { OverviewBreakdowns } from "./overview-breakdowns.tsx";
import { OverviewCharts } from "./overview-charts.tsx";
import { fillBuckets, type OverviewWindow, RANGES, type RangeName, windowOf } from "./overview-range.ts";
import { OverviewSpenders } from "./overview-spenders.tsx";

function OverviewBody({ overview, timeWindow }: { overview: AnalyticsOverview; timeWindow: OverviewWindow }) {
  const points = useMemo(() => fillBuckets(overview.series, timeWindow), [overview, timeWindow]);
  const totals = overview.totals;
  return (
    <>
      <div class="stat-row" data-testid="overview-ready">
        <StatCard label="Spend" value={formatUsd(totals.spend_usd)} />
        <StatCard label="Requests" value={formatCount(totals.requests)} />
        <StatCard
          label="Error rate"
          value={formatPercent(totals.error_rate)}
          note={`${formatCount(totals.errors)} failed`}
          {...(totals.error_rate >= 0.05 ? { tone: "bad" as const } : {})}
        />
        <StatCard label="Latency p50" value={formatMs(totals.p50_ms)} />
        <StatCard label="Latency p95" value={formatMs(totals.p95_ms)} />
      </div>
      {totals.requests === 0 ? (
        <EmptyState title="No traffic in this range yet">
          Create a key on the <a href="#/keys">Keys</a> page and send a request through the gateway, e.g.{" "}
          <code>POST /v1/chat/completions</code> with <code>Authorization: Bearer &lt;key&gt;</code>. Spend shows up
          here within seconds.
        </EmptyState>
      ) : null}
      <OverviewCharts points={points} />
      <OverviewBreakdowns overview={overview} />
      <OverviewSpenders overview={overview} />
    </>
  );
}

/** Spend and traffic over time, by model, provider, team and agent; latency, errors, top spenders, budgets. */
export function OverviewPage() {
  const { permissions } = useSignedIn();
  const [range, setRange] = useState<RangeName>("24h");
  const [teamId, setTeamId] = useState<string | undefined>(undefined);
  const [refreshedAt, setRefreshedAt] = useState(() => Date.now());
  const timeWindow = useMemo(() => windowOf(range, refreshedAt), [range, refreshedAt]);
  const { state, reload } = useAsync(
    (signal) => fetchOverview({ from: timeWindow.from, to: timeWindow.to, bucket: timeWindow.bucket, teamId }, signal),
    [timeWindow, teamId],
  );
  return (
    <>
      <PageHeader
        title="Overview"
        description="Spend, traffic and latency across the gateway."
        actions={
          <>
            <select
              aria-label="Time range"
              value={range}
              onChange={(event) => setRange(event.currentTarget.value as RangeName)}
            >
              {RANGES.map((option) => (
                <option key={option.name} value={option.name}>
                  {option.label}
                </option>
              ))}
            </select>
            {permissions.ownTeam === null ? (
              <TeamSelect value={teamId} onChange={setTeamId} allLabel="All teams" />
            ) : null}
            <button type="button" class="button" onClick={() => setRefreshedAt(Date.now())}>
              Refresh
            </button>
          </>
        }
      />
      <AsyncView state={state} onRetry={reload} loadingLabel="Loading analytics…">
        {(overview) => <OverviewBody overview={overview} timeWindow={timeWindow} />}
      </AsyncView>
    </>
  );
}
