/** Who is calling the admin API, and what they may touch. */
export type AdminActor =
  | { kind: "master"; role: "admin"; label: string }
  | { kind: "key"; role: "admin" | "team_admin" | "viewer"; label: string; teamId: string | null };

export interface AdminVariables {
  actor: AdminActor;
}

export interface AdminHonoEnv {
  Bindings: AdminEnv;
  Variables: AdminVariables;
}

/** The admin worker's bindings (workers/admin/wrangler.toml). */
export interface AdminEnv {
  DB: D1Database;
  GATEWAY: Service<import("../gateway/admin-rpc.ts").AdminRpc>;
  MASTER_KEY?: string;
}
