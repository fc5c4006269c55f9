import type { AdminActor } from "../admin-env.ts";

/** What /auth/session answers: who the session (or key) acts as; never the key or the cookie value. */
export interface AdminSessionView {
  role: AdminActor["role"];
  team_id: string | null;
  key_alias: string | null;
  /** Epoch ms the session ends; for a bearer key, the key's own expiry (null: it never expires). */
  expires_at: number | null;
}

export function adminSessionView(
  actor: AdminActor,
  keyAlias: string | null,
  expiresAt: number | null,
): AdminSessionView {
  return {
    role: actor.role,
    team_id: actor.kind === "key" ? actor.teamId : null,
    key_alias: keyAlias,
    expires_at: expiresAt,
  };
}
