import { GatewayError } from "../core/errors/gateway-error.ts";
import type { AdminActor } from "./admin-env.ts";

/** Only the master key and `admin` keys: config, teams, admin-key issuance. */
export function requireAdmin(actor: AdminActor): void {
  if (actor.role !== "admin") throw new GatewayError("permission_denied", "This action needs the admin role.");
}

/** Writes: `admin`, or `team_admin` within its own team (checked with assertTeamScope). */
export function requireWriter(actor: AdminActor): void {
  if (actor.role === "viewer") throw new GatewayError("permission_denied", "The viewer role is read-only.");
}

/** A team_admin acts only on its own team; admins and viewers are not team-scoped for reads. */
export function assertTeamScope(actor: AdminActor, teamId: string | null | undefined): void {
  if (actor.kind !== "key" || actor.role !== "team_admin") return;
  if (teamId === null || teamId === undefined || teamId !== actor.teamId) {
    throw new GatewayError("permission_denied", "A team_admin key can only act on its own team.");
  }
}

/** The team a team_admin's listings are limited to; undefined means no limit. */
export function teamFilterFor(actor: AdminActor): string | undefined {
  return actor.kind === "key" && actor.role === "team_admin" ? (actor.teamId ?? "") : undefined;
}
