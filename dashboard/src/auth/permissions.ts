import type { AdminRole, AdminSession } from "../api/auth-api.ts";

/**
 * What the UI offers a role. The admin worker enforces the same rules (workers/admin/authorize.ts);
 * this only hides what would be refused, so a viewer never sees a button that can only fail.
 */
export interface Permissions {
  role: AdminRole;
  /** The team a team_admin is limited to; null for admins and viewers. */
  ownTeam: string | null;
  /** Create, edit, block and delete keys and agents (a team_admin within its team). */
  writeKeysAndAgents: boolean;
  /** Create and delete teams, change their budgets and limits, issue admin keys. */
  manageTeams: boolean;
  /** Rename a team (a team_admin may rename its own). */
  renameTeams: boolean;
  importConfig: boolean;
  /** GET /health/deployments and GET /audit/verify: admin and viewer. */
  readOperations: boolean;
  /** Replays cost money: writers only. */
  replaySpans: boolean;
}

export function permissionsOf(session: AdminSession): Permissions {
  const role = session.role;
  switch (role) {
    case "admin":
      return {
        role,
        ownTeam: null,
        writeKeysAndAgents: true,
        manageTeams: true,
        renameTeams: true,
        importConfig: true,
        readOperations: true,
        replaySpans: true,
      };
    case "team_admin":
      return {
        role,
        ownTeam: session.team_id,
        writeKeysAndAgents: true,
        manageTeams: false,
        renameTeams: true,
        importConfig: false,
        readOperations: false,
        replaySpans: true,
      };
    case "viewer":
      return {
        role,
        ownTeam: null,
        writeKeysAndAgents: false,
        manageTeams: false,
        renameTeams: false,
        importConfig: false,
        readOperations: true,
        replaySpans: false,
      };
    default: {
      const unreachable: never = role;
      throw new Error(`unknown admin role ${String(unreachable)}`);
    }
  }
}
