import { keyAllowsModel } from "../../core/auth/cached-key.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { Principal } from "../gateway-env.ts";

/** A virtual key (and its team) may be limited to some model groups; the master key reaches all. */
export function assertModelAccess(principal: Principal, modelGroup: string): void {
  if (principal.kind === "master" || keyAllowsModel(principal.key, modelGroup)) return;
  throw new GatewayError("permission_denied", `This key is not allowed to use the model \`${modelGroup}\`.`, {
    param: "model",
  });
}
