import { adminRequest } from "./admin-client.ts";
import type { Limits } from "./limits.ts";

export interface TeamInfo extends Limits {
  team_id: string;
  team_alias: string | null;
  blocked: boolean;
  created_at: string;
}

export interface TeamInput extends Partial<Limits> {
  team_alias?: string | null;
  blocked?: boolean;
}

export interface TeamSpend {
  team_id: string | null;
  spend: number;
  requests: number;
}

/** A team_admin's list holds only its own team. */
export const listTeams = () => adminRequest<TeamInfo[]>("GET", "/team/list");

export const createTeam = (input: TeamInput & { team_id?: string }) =>
  adminRequest<TeamInfo>("POST", "/team/new", { json: input });

export const updateTeam = (teamId: string, changes: TeamInput) =>
  adminRequest<TeamInfo>("POST", "/team/update", { json: { team_id: teamId, ...changes } });

export const deleteTeams = (teamIds: string[]) =>
  adminRequest<{ deleted_teams: string[] }>("POST", "/team/delete", { json: { team_ids: teamIds } });

export const fetchTeamSpend = () => adminRequest<TeamSpend[]>("GET", "/spend/teams");
