import { createMessageBatch, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpointOfPath, type FaultAnswer, faultAnswer } from "../../bench/soak/fault-answer.ts";
import { type InjectedFault, pickFault } from "../../bench/soak/pick-fault.ts";
import { type CounterState, checkSoak, type SpendRow } from "../../bench/soak/soak-checks.ts";
import {
  SOAK_KEY_LABELS,
  SOAK_TEAM,
  type SoakKey,
  soakConfigYaml,
  soakKeyLimits,
} from "../../bench/soak/soak-profile.ts";
import { type ClientOutcome, outcomeOf, requestOf, scenarioOf } from "../../bench/soak/soak-traffic.ts";
import { sha256Hex } from "../../workers/core/auth/hash-key.ts";
import { budgetScopeName } from "../../workers/core/budget/budget-scope.ts";
import { consumeSpendBatch } from "../../workers/gateway/spend/consume-spend-batch.ts";
import type { SpendQueueMessage } from "../../workers/gateway/spend/spend-queue-message.ts";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { postAdmin } from "../helpers/call-admin.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { mockUpstreams } from "../helpers/mock-upstream.ts";
import { d1CrashingInBatch } from "./fault-bindings.ts";

/**
 * `npm run soak` in miniature, inside `npm test`: the soak's traffic mix, keys and faults (bench/soak/),
 * a few hundred requests through the gateway in-process, every spend message delivered to the real
 * consumer at least twice (one batch first through a consumer that crashes mid-batch), then the soak's
 * own invariants over D1 and the BudgetCounters.
 */
const SEED = 9;
const REQUESTS = 200;
const CONCURRENCY = 6;
const FAILURE_RATE = 0.1;
const ORIGIN = "https://soak-upstream.test";
const TIGHT_BUDGET_USD = 0.0005;
const TEAM_PARALLEL = 2;

const injected: Record<InjectedFault, number> = { server_error: 0, reset: 0, cut: 0 };
let upstreamSequence = 0;

function render(planned: FaultAnswer): Response {
  switch (planned.kind) {
    case "answer":
      return new Response(planned.body, { headers: { "content-type": planned.contentType } });
    case "server_error":
      return new Response(planned.body, { status: planned.status, headers: { "content-type": "application/json" } });
    case "reset":
      throw new TypeError("Network connection lost.");
    case "cut": {
      const bytes = new TextEncoder().encode(planned.body);
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) controller.error(new TypeError("Network connection lost."));
          else controller.enqueue(bytes);
          sent = true;
        },
      });
      return new Response(body, { headers: { "content-type": planned.contentType } });
    }
    default: {
      const unknown: never = planned;
      throw new Error(`unknown answer ${JSON.stringify(unknown)}`);
    }
  }
}

/** The soak's upstream as a fetch mock: the same answers and faults as bench/soak/fault-mock-upstream.ts. */
function soakUpstream() {
  return mockUpstreams({
    [ORIGIN]: (request, body) => {
      const endpoint = endpointOfPath(new URL(request.url).pathname);
      if (endpoint === undefined) return new Response("no such route", { status: 404 });
      const number = upstreamSequence++;
      const fault = pickFault(SEED, number, FAILURE_RATE);
      if (fault !== undefined) injected[fault]++;
      const stream = (JSON.parse(body) as { stream?: unknown }).stream === true;
      return render(faultAnswer(endpoint, stream, fault, number));
    },
  });
}

async function createKeys(): Promise<SoakKey[]> {
  const team = await postAdmin("/team/new", { team_id: SOAK_TEAM, max_parallel_requests: TEAM_PARALLEL });
  if (team.status !== 200) throw new Error(`team/new failed: ${JSON.stringify(team.body)}`);
  return Promise.all(
    SOAK_KEY_LABELS.map(async (label) => {
      const limits = soakKeyLimits(label, TIGHT_BUDGET_USD);
      const created = await postAdmin("/key/generate", {
        key_alias: `soak-${label}`,
        ...(limits.maxBudgetUsd === undefined ? {} : { max_budget: limits.maxBudgetUsd }),
        ...(limits.rpmLimit === undefined ? {} : { rpm_limit: limits.rpmLimit }),
        ...(limits.maxParallelRequests === undefined ? {} : { max_parallel_requests: limits.maxParallelRequests }),
        ...(limits.budgetMode === undefined ? {} : { budget_mode: limits.budgetMode }),
        ...(limits.team === true ? { team_id: SOAK_TEAM } : {}),
      });
      if (created.status !== 200) throw new Error(`key/generate failed: ${JSON.stringify(created.body)}`);
      const key = created.body.key as string;
      return { label, key, hash: await sha256Hex(key) };
    }),
  );
}

async function runTraffic(keys: SoakKey[]) {
  const outcomes: ClientOutcome[] = [];
  const messages: SpendQueueMessage[] = [];
  let sequence = 0;
  const worker = async () => {
    while (sequence < REQUESTS) {
      const scenario = scenarioOf(SEED, sequence++, keys);
      const { path, init } = requestOf(scenario);
      const result = await callGateway(path, init);
      outcomes.push(outcomeOf(scenario, result.response, result.text));
      messages.push(...(result.spendRecords as SpendQueueMessage[]));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { outcomes, messages };
}

async function deliver(messages: SpendQueueMessage[], database: D1Database): Promise<void> {
  const batch = createMessageBatch(
    "switchyard-spend",
    messages.map((body, index) => ({ id: `m${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  await consumeSpendBatch(batch, { ...env, DB: database });
}

/** At least once, as Queues deliver: the first batch crashes half-written, then every batch comes twice. */
async function deliverAtLeastOnce(messages: SpendQueueMessage[]): Promise<void> {
  const batches: SpendQueueMessage[][] = [];
  for (let start = 0; start < messages.length; start += 25) batches.push(messages.slice(start, start + 25));
  const [first] = batches;
  if (first !== undefined) await deliver(first, d1CrashingInBatch(env.DB, 3));
  for (const batch of [...batches, ...batches.reverse()]) await deliver(batch, env.DB);
}

async function spendRows(): Promise<SpendRow[]> {
  const { results } = await env.DB.prepare(
    `SELECT request_id AS requestId, key_hash AS keyHash, team_id AS teamId, session_id AS sessionId,
            cost_usd AS costUsd, status, error_kind AS errorKind FROM spend_logs`,
  ).all<SpendRow>();
  return results;
}

function counterState(name: string): Promise<CounterState> {
  return runInDurableObject(env.BUDGET_COUNTER.getByName(name), (_instance, state) => {
    const sql = state.storage.sql;
    const one = (query: string) => sql.exec<Record<string, number>>(query).one();
    const live = one(
      "SELECT count(*) AS holds, coalesce(sum(amount_nano), 0) AS nano FROM reservations WHERE expired = 0",
    );
    return {
      source: name,
      liveHolds: live.holds ?? 0,
      liveHeldUsd: (live.nano ?? 0) / 1e9,
      expiredHolds: one("SELECT count(*) AS holds FROM reservations WHERE expired = 1").holds ?? 0,
      spentUsd: (one("SELECT coalesce(sum(spent_nano), 0) AS nano FROM spend").nano ?? 0) / 1e9,
      settledRequestIds: sql
        .exec<{ request_id: string }>("SELECT request_id FROM settlements")
        .toArray()
        .map((row) => row.request_id),
    };
  });
}

async function sessionIndex() {
  const row = await env.DB.prepare(
    `SELECT (SELECT count(*) FROM session_model_calls) AS ledgerRows,
            (SELECT coalesce(sum(model_calls), 0) FROM sessions) AS sessionCalls`,
  ).first<{ ledgerRows: number; sessionCalls: number }>();
  return row ?? { ledgerRows: -1, sessionCalls: -1 };
}

let upstream: ReturnType<typeof mockUpstreams> | undefined;
beforeAll(async () => {
  await activateConfig(soakConfigYaml(ORIGIN, TEST_MASTER_KEY));
  upstream = soakUpstream();
});
afterAll(() => upstream?.restore());

describe("mini soak", () => {
  it("loses and doubles no record and leaks no hold under 10% upstream failures and at-least-once delivery", async () => {
    const keys = await createKeys();
    const { outcomes, messages } = await runTraffic(keys);
    await deliverAtLeastOnce(messages);

    const limited = keys.filter((key) => key.label !== "open" && key.label !== "team");
    const counters = await Promise.all([
      ...limited.map((key) => counterState(budgetScopeName({ kind: "key", id: key.hash }))),
      counterState(budgetScopeName({ kind: "team", id: SOAK_TEAM })),
    ]);
    const findings = checkSoak(
      outcomes,
      { rows: await spendRows(), counters, sessionIndex: await sessionIndex() },
      keys,
    );

    expect(findings.filter((finding) => !finding.ok)).toEqual([]);
    expect(findings.length).toBeGreaterThanOrEqual(9);
    // The run exercised what it claims to: every fault kind, refusals, and requests the client saw fail.
    expect(outcomes).toHaveLength(REQUESTS);
    expect(injected.server_error).toBeGreaterThan(0);
    expect(injected.reset).toBeGreaterThan(0);
    expect(injected.cut).toBeGreaterThan(0);
    const kinds = new Set(outcomes.map((outcome) => outcome.kind));
    expect([...kinds].some((kind) => kind.startsWith("http_429"))).toBe(true);
    expect([...kinds].some((kind) => kind.startsWith("http_502"))).toBe(true);
    expect(outcomes.filter((outcome) => outcome.kind === "ok").length).toBeGreaterThan(REQUESTS / 2);
  }, 60_000);
});
