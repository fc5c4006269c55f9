import type { SpendRecord } from "../../core/spend/spend-record.ts";
import type { RecordingContext } from "../pipeline/record-request.ts";
import { principalSessionScope } from "../session/principal-session-scope.ts";
import { agentControlStub } from "./agent-control-stub.ts";

/**
 * Adds a finished model call's cost to its session's loop-breaker total, after the response (waitUntil).
 * Only sessions of agents with `session_limits.max_cost_usd` are counted: nobody else pays the round trip.
 */
export function settleSessionCost(context: RecordingContext, record: SpendRecord): void {
  const principal = context.variables.principal;
  if (principal.kind !== "virtual" || principal.key.agentId === null) return;
  if (principal.key.governance?.sessionLimits?.maxCostUsd == null) return;
  const sessionId = record.sessionId;
  if (sessionId === null || record.costUsd <= 0) return;
  const scope = principalSessionScope(principal);
  context.waitUntil(
    agentControlStub(context.env, principal.key.agentId, scope)
      .settleCost({ scope, sessionId, costUsd: record.costUsd })
      .catch((error: unknown) => console.error(`session cost of ${record.requestId} could not be settled`, error)),
  );
}
