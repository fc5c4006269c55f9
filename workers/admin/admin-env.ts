export interface AdminVariables {
  /** Who made the call, for `created_by` columns and, later, the audit log. */
  actor: string;
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
