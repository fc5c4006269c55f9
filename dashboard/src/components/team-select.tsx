import { listTeams } from "../api/teams-api.ts";
import { useAsync } from "../hooks/use-async.ts";

/** A team picker filled from /team/list; `undefined` is "all teams" (or "no team" when creating). */
export function TeamSelect({
  value,
  onChange,
  allLabel,
  id,
}: {
  value: string | undefined;
  onChange: (teamId: string | undefined) => void;
  allLabel: string;
  id?: string;
}) {
  const { state } = useAsync(() => listTeams(), []);
  const teams = state.data ?? [];
  return (
    <select
      id={id}
      aria-label="Team"
      value={value ?? ""}
      disabled={state.status === "loading" && teams.length === 0}
      onChange={(event) => onChange(event.currentTarget.value === "" ? undefined : event.currentTarget.value)}
    >
      <option value="">{allLabel}</option>
      {teams.map((team) => (
        <option key={team.team_id} value={team.team_id}>
          {team.team_alias ?? team.team_id}
        </option>
      ))}
    </select>
  );
}
