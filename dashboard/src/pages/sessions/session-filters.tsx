import { listAgents } from "../../api/agents-api.ts";
import { useSignedIn } from "../../auth/session-context.ts";
import { TeamSelect } from "../../components/team-select.tsx";
import { useAsync } from "../../hooks/use-async.ts";

export type SinceName = "24h" | "7d" | "30d" | "all";

export interface SessionFilterValues {
  agentId: string | undefined;
  teamId: string | undefined;
  status: "ok" | "error" | undefined;
  since: SinceName;
  minCost: string;
}

const SINCE_MS: Record<Exclude<SinceName, "all">, number> = {
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

export const sinceToFrom = (since: SinceName, now: number): number | undefined =>
  since === "all" ? undefined : now - SINCE_MS[since];

/** Filters for the session list: agent, team, outcome, time, minimum cost. */
export function SessionFilters({
  value,
  onChange,
}: {
  value: SessionFilterValues;
  onChange: (value: SessionFilterValues) => void;
}) {
  const { permissions } = useSignedIn();
  const agents = useAsync(() => listAgents().catch(() => ({ agents: [], total_count: 0 })), []);
  return (
    <div class="filters">
      <select
        aria-label="Agent"
        value={value.agentId ?? ""}
        onChange={(event) => onChange({ ...value, agentId: event.currentTarget.value || undefined })}
      >
        <option value="">All agents</option>
        {(agents.state.data?.agents ?? []).map((agent) => (
          <option key={agent.agent_id} value={agent.agent_id}>
            {agent.name}
          </option>
        ))}
      </select>
      {permissions.ownTeam === null ? (
        <TeamSelect value={value.teamId} onChange={(teamId) => onChange({ ...value, teamId })} allLabel="All teams" />
      ) : null}
      <select
        aria-label="Outcome"
        value={value.status ?? ""}
        onChange={(event) =>
          onChange({ ...value, status: (event.currentTarget.value || undefined) as SessionFilterValues["status"] })
        }
      >
        <option value="">Any outcome</option>
        <option value="ok">Succeeded</option>
        <option value="error">With errors</option>
      </select>
      <select
        aria-label="Active since"
        value={value.since}
        onChange={(event) => onChange({ ...value, since: event.currentTarget.value as SinceName })}
      >
        <option value="24h">Last 24 hours</option>
        <option value="7d">Last 7 days</option>
        <option value="30d">Last 30 days</option>
        <option value="all">Any time</option>
      </select>
      <input
        aria-label="Minimum cost (USD)"
        placeholder="Min cost $"
        inputMode="decimal"
        value={value.minCost}
        onChange={(event) => onChange({ ...value, minCost: event.currentTarget.value })}
      />
    </div>
  );
}
