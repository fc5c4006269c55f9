import { COMPLETE_ANSWER_COST, SOAK_TEAM, type SoakKey } from "./soak-profile.ts";
import type { ClientOutcome } from "./soak-traffic.ts";

/** A spend_logs row, as the soak checks it. */
export interface SpendRow {
  requestId: string;
  keyHash: string | null;
  teamId: string | null;
  sessionId: string | null;
  costUsd: number;
  status: number;
  errorKind: string | null;
}

/** One BudgetCounter object's storage (durable-objects/budget-counter.ts). */
export interface CounterState {
  /** Where it was read from: a SQLite file, or a scope name in the mini soak. */
  source: string;
  liveHolds: number;
  liveHeldUsd: number;
  /** Holds that expired unsettled: their worker never settled them. */
  expiredHolds: number;
  spentUsd: number;
  settledRequestIds: string[];
}

/** Costs are summed in floating point on one side and in nano-USD on the other: allow a nano per request. */
const NANO = 1e-9;

export interface SoakFinding {
  name: string;
  ok: boolean;
  detail: string;
}

export interface SoakLedger {
  rows: SpendRow[];
  counters: CounterState[];
  sessionIndex: { ledgerRows: number; sessionCalls: number };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Every request the client got an id for has exactly one spend record; no record is left unexplained. */
function recordFindings(outcomes: ClientOutcome[], rowsById: Map<string, SpendRow>, rows: SpendRow[]): SoakFinding[] {
  const ids = outcomes.flatMap((outcome) => (outcome.requestId === undefined ? [] : [outcome.requestId]));
  const distinct = new Set(ids);
  const missing = [...distinct].filter((id) => !rowsById.has(id));
  const unanswered = outcomes.filter((outcome) => outcome.requestId === undefined).length;
  const unmatched = rows.filter((row) => !distinct.has(row.requestId)).length;
  return [
    {
      name: "one record per request",
      ok: missing.length === 0 && distinct.size === ids.length,
      detail: `${distinct.size} request ids seen, ${missing.length} without a record${missing.length > 0 ? ` (e.g. ${missing.slice(0, 3).join(", ")})` : ""}, ${ids.length - distinct.size} ids seen twice`,
    },
    {
      // A request whose answer never reached the client (no id) may still have a record; nothing else may.
      name: "no unexplained records",
      ok: unmatched <= unanswered,
      detail: `${unmatched} records of requests the client has no id for; ${unanswered} requests got no answer`,
    },
  ];
}

function costFindings(outcomes: ClientOutcome[], rowsById: Map<string, SpendRow>, rows: SpendRow[]): SoakFinding[] {
  const priced = outcomes.filter((outcome) => outcome.costHeader !== undefined && outcome.requestId !== undefined);
  const headerSum = sum(priced.map((outcome) => outcome.costHeader ?? 0));
  const recordSum = sum(priced.map((outcome) => rowsById.get(outcome.requestId ?? "")?.costUsd ?? 0));
  const drift = sum(
    priced.map((outcome) =>
      Math.abs((outcome.costHeader ?? 0) - (rowsById.get(outcome.requestId ?? "")?.costUsd ?? 0)),
    ),
  );
  const clean = rows.filter((row) => row.status === 200 && row.errorKind === null);
  const mispriced = clean.filter((row) => Math.abs(row.costUsd - COMPLETE_ANSWER_COST) > NANO).length;
  return [
    {
      name: "records = x-switchyard-response-cost",
      ok: drift <= NANO * Math.max(1, priced.length),
      detail: `${priced.length} priced answers: headers $${headerSum.toFixed(9)}, records $${recordSum.toFixed(9)}, drift $${drift.toExponential(2)}`,
    },
    {
      name: "complete answers priced from the upstream's usage",
      ok: mispriced === 0,
      detail: `${clean.length} clean records at $${COMPLETE_ANSWER_COST.toFixed(9)} each, ${mispriced} priced otherwise`,
    },
  ];
}

/** The records a counter's settlements belong to decide its scope: the team's, or one key's. */
function ledgerOf(counter: CounterState, rowsById: Map<string, SpendRow>, rows: SpendRow[], keys: SoakKey[]) {
  const settledRows = counter.settledRequestIds.flatMap((id) => rowsById.get(id) ?? []);
  const first = settledRows[0];
  if (first === undefined) return { scope: "unknown", ledgerUsd: 0 };
  if (settledRows.every((row) => row.teamId === SOAK_TEAM)) {
    return {
      scope: `team ${SOAK_TEAM}`,
      ledgerUsd: sum(rows.filter((row) => row.teamId === SOAK_TEAM).map((row) => row.costUsd)),
    };
  }
  const label = keys.find((key) => key.hash === first.keyHash)?.label ?? first.keyHash ?? "?";
  return {
    scope: `key ${label}`,
    ledgerUsd: sum(rows.filter((row) => row.keyHash === first.keyHash).map((row) => row.costUsd)),
  };
}

function budgetFindings(ledger: SoakLedger, rowsById: Map<string, SpendRow>, keys: SoakKey[]): SoakFinding[] {
  const live = sum(ledger.counters.map((counter) => counter.liveHolds));
  const held = sum(ledger.counters.map((counter) => counter.liveHeldUsd));
  const expired = sum(ledger.counters.map((counter) => counter.expiredHolds));
  const scopes = ledger.counters.map((counter) => {
    const { scope, ledgerUsd } = ledgerOf(counter, rowsById, ledger.rows, keys);
    const drift = Math.abs(counter.spentUsd - ledgerUsd);
    return { scope, drift, ok: drift <= NANO * Math.max(1, counter.settledRequestIds.length), counter, ledgerUsd };
  });
  return [
    {
      name: "no reservation left",
      ok: live === 0 && expired === 0,
      detail: `${ledger.counters.length} BudgetCounters: ${live} live holds ($${held.toFixed(6)}), ${expired} expired unsettled`,
    },
    ...scopes.map(({ scope, drift, ok, counter, ledgerUsd }) => ({
      name: `budget ${scope} = its records`,
      ok,
      detail: `charged $${counter.spentUsd.toFixed(9)} over ${counter.settledRequestIds.length} settles, records $${ledgerUsd.toFixed(9)}, drift $${drift.toExponential(2)}`,
    })),
  ];
}

function sessionFindings(ledger: SoakLedger): SoakFinding[] {
  const inSessions = ledger.rows.filter((row) => row.sessionId !== null).length;
  const { ledgerRows, sessionCalls } = ledger.sessionIndex;
  return [
    {
      name: "session index = session records",
      ok: ledgerRows === inSessions && sessionCalls === inSessions,
      detail: `${inSessions} records in sessions, ${ledgerRows} ledger rows, sessions count ${sessionCalls} calls`,
    },
  ];
}

/** The soak's invariants over what the client saw and what D1 and the BudgetCounters hold. */
export function checkSoak(outcomes: ClientOutcome[], ledger: SoakLedger, keys: SoakKey[]): SoakFinding[] {
  const rowsById = new Map(ledger.rows.map((row) => [row.requestId, row]));
  return [
    ...recordFindings(outcomes, rowsById, ledger.rows),
    ...costFindings(outcomes, rowsById, ledger.rows),
    ...budgetFindings(ledger, rowsById, keys),
    ...sessionFindings(ledger),
  ];
}
