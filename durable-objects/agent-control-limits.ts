import type { SessionControlReason } from "../workers/core/governance/session-control-refusal.ts";
import type { ControlCheckInput, StopView } from "./agent-control-rpc.ts";

type Sql = SqlStorage;

interface StopRow {
  target: string;
  reason: string;
  detail: string | null;
  stopped_by: string;
  stopped_at: number;
  [key: string]: SqlStorageValue;
}

export function stopViewOf(row: StopRow): StopView {
  return {
    target: row.target,
    reason: row.reason as SessionControlReason,
    detail: row.detail,
    stoppedBy: row.stopped_by,
    stoppedAt: row.stopped_at,
  };
}

export function readStops(sql: Sql, targets: readonly string[]): StopView[] {
  if (targets.length === 0) return [];
  const placeholders = targets.map(() => "?").join(", ");
  return sql
    .exec<StopRow>(`SELECT * FROM stops WHERE target IN (${placeholders}) ORDER BY stopped_at`, ...targets)
    .toArray()
    .map(stopViewOf);
}

export function writeStop(sql: Sql, stop: StopView, kind: string): boolean {
  const written = sql.exec(
    `INSERT INTO stops (target, kind, reason, detail, stopped_by, stopped_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (target) DO NOTHING`,
    stop.target,
    kind,
    stop.reason,
    stop.detail,
    stop.stoppedBy,
    stop.stoppedAt,
  );
  return written.rowsWritten > 0;
}

interface Trip {
  reason: SessionControlReason;
  detail: string;
}

/**
 * Counts one event against its session and says whether it crosses a limit. Counting happens before the
 * event runs, so a limit of N lets N steps (or N identical calls) through and refuses the next one. Cost is
 * settled after a call (settleCost), so the request after the one that crossed `max_cost_usd` is refused.
 */
export function countSessionEvent(sql: Sql, session: string, input: ControlCheckInput, now: number): Trip | null {
  const limits = input.limits;
  const counters = sql
    .exec<{ steps: number; cost_usd: number }>(
      `INSERT INTO session_counters (session, steps, cost_usd, updated_at) VALUES (?, 1, 0, ?)
       ON CONFLICT (session) DO UPDATE SET steps = steps + 1, updated_at = excluded.updated_at
       RETURNING steps, cost_usd`,
      session,
      now,
    )
    .one();
  const event = input.event;
  const fingerprint =
    event.kind === "tool_call"
      ? `tool:${event.server}/${event.tool}#${event.argumentsHash}`
      : `model:${event.requestHash}`;
  const { count } = sql
    .exec<{ count: number }>(
      `INSERT INTO session_fingerprints (session, fingerprint, count) VALUES (?, ?, 1)
       ON CONFLICT (session, fingerprint) DO UPDATE SET count = count + 1 RETURNING count`,
      session,
      fingerprint,
    )
    .one();
  if (limits === null) return null;
  if (limits.maxCostUsd !== null && counters.cost_usd >= limits.maxCostUsd) {
    return { reason: "max_cost", detail: `$${counters.cost_usd.toFixed(4)} of $${limits.maxCostUsd} spent` };
  }
  if (limits.maxSteps !== null && counters.steps > limits.maxSteps) {
    return { reason: "max_steps", detail: `limit ${limits.maxSteps} steps` };
  }
  if (event.kind === "tool_call" && limits.maxRepeatedToolCalls !== null && count > limits.maxRepeatedToolCalls) {
    return {
      reason: "repeated_tool_call",
      detail: `${event.server}/${event.tool} with the same arguments ${count} times, limit ${limits.maxRepeatedToolCalls}`,
    };
  }
  if (
    event.kind === "model_call" &&
    limits.maxRepeatedModelRequests !== null &&
    count > limits.maxRepeatedModelRequests
  ) {
    return {
      reason: "repeated_model_request",
      detail: `the same request ${count} times, limit ${limits.maxRepeatedModelRequests}`,
    };
  }
  return null;
}
