import type { CachedKey } from "../core/auth/cached-key.ts";
import type { GatewayConfig } from "../core/config/gateway-config.ts";
import type { ApiFormat } from "../core/formats/api-format.ts";

/** Who is calling: the master key, or a virtual key (with its team, user and agent). */
export type Principal = { kind: "master"; keyHash: string } | { kind: "virtual"; keyHash: string; key: CachedKey };

export interface GatewayVariables {
  requestId: string;
  /** performance.now() when the request arrived, for overhead and latency. */
  receivedAt: number;
  /** The caller's API, so every error is rendered in its shape. */
  apiFormat: ApiFormat;
  principal: Principal;
  config: GatewayConfig;
}

export interface GatewayHonoEnv {
  Bindings: Env;
  Variables: GatewayVariables;
}
