/** Who is calling the admin API, and what they may touch. */
export type AdminActor =
  | { kind: "master"; role: "admin"; label: string }
  | { kind: "key"; role: "admin" | "team_admin" | "viewer"; label: string; teamId: string | null };

export interface AdminVariables {
  actor: AdminActor;
  credential: import("./session/admin-credential.ts").AdminCredential;
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
  /** Seals literal secrets of stored configs (base64 of 32 bytes); the gateway must have the same value. */
  SWITCHYARD_ENCRYPTION_KEY?: string;
  /** The key before a rotation: envelopes sealed with it are resealed with the current key on the next save. */
  SWITCHYARD_ENCRYPTION_KEY_PREVIOUS?: string;
  /** The outbound URL policy a config's `api_base` values are checked against on save (as the gateway's). */
  OUTBOUND_ALLOW_PRIVATE?: string;
  OUTBOUND_ALLOWED_HOSTS?: string;
  /** Largest config accepted by POST /config and /model/new, in bytes (workers/core/limits/config-size-limit.ts). */
  MAX_CONFIG_BYTES?: string;
}
