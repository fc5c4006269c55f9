import type { AnalyticsOverview } from "../../api/analytics-api.ts";
import { BarList, type BarListItem } from "../../components/bar-list.tsx";

interface Breakdown {
  title: string;
  emptyText: string;
  items: (overview: AnalyticsOverview) => BarListItem[];
}

const bar = (label: string, row: { spend_usd: number; requests: number }, href?: string): BarListItem => ({
  label,
  spendUsd: row.spend_usd,
  requests: row.requests,
  ...(href === undefined ? {} : { href }),
});

const BREAKDOWNS: readonly Breakdown[] = [
  {
    title: "By model",
    emptyText: "No model was called in this range.",
    items: (overview) => overview.by_model.map((row) => bar(row.model, row)),
  },
  {
    title: "By provider",
    emptyText: "No provider was called in this range.",
    items: (overview) => overview.by_provider.map((row) => bar(row.provider ?? "(none: cache hits and refusals)", row)),
  },
  {
    title: "By team",
    emptyText: "No team traffic in this range.",
    items: (overview) => overview.by_team.map((row) => bar(row.team_alias ?? row.team_id ?? "(no team)", row)),
  },
  {
    title: "By agent",
    emptyText: "No agent traffic in this range. Agents get their own keys on the Agents page.",
    // The server lists only requests made with an agent's key, so every row has an agent id.
    items: (overview) =>
      overview.by_agent.map((row) =>
        bar(row.name ?? row.agent_id, row, `#/agents/${encodeURIComponent(row.agent_id)}`),
      ),
  },
];

/** Spend by model, provider, team and agent. */
export function OverviewBreakdowns({ overview }: { overview: AnalyticsOverview }) {
  return (
    <div class="card-grid">
      {BREAKDOWNS.map((breakdown) => (
        <section key={breakdown.title} class="card">
          <h2>{breakdown.title}</h2>
          <BarList emptyText={breakdown.emptyText} items={breakdown.items(overview)} />
        </section>
      ))}
    </div>
  );
}
