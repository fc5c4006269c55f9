import { sessionScopeOf } from "../../core/session/session-scope.ts";
import type { Principal } from "../gateway-env.ts";

/** The session scope of the caller: its team, else its own key (the master key included). */
export function principalSessionScope(principal: Principal): string {
  return sessionScopeOf({
    keyHash: principal.keyHash,
    teamId: principal.kind === "virtual" ? principal.key.teamId : null,
  });
}
