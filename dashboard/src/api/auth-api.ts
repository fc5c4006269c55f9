import { adminRequest } from "./admin-client.ts";

export type AdminRole = "admin" | "team_admin" | "viewer";

/** What the admin worker's session cookie stands for (POST/GET /auth/session). The key itself never comes back. */
export interface AdminSession {
  role: AdminRole;
  team_id: string | null;
  key_alias: string | null;
  expires_at: string | number | null;
}

/** Trades an admin key for an HttpOnly session cookie; the key is not kept anywhere in the page. */
export const signIn = (key: string) => adminRequest<AdminSession>("POST", "/auth/session", { json: { key } });

/** The current cookie's session; a 401 means signed out. */
export const fetchSession = () => adminRequest<AdminSession>("GET", "/auth/session");

export const signOut = () => adminRequest<undefined>("DELETE", "/auth/session");
