import type { GatewayConfig } from "../core/config/gateway-config.ts";
import type { ApiFormat } from "../core/formats/api-format.ts";

/** Who is calling. Virtual keys, teams and agents join this union in later stages. */
export type Principal = { kind: "master"; keyHash: string };

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
