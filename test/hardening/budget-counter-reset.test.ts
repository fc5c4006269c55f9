import { evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BudgetCounter } from "../../durable-objects/budget-counter.ts";
import { sha256Hex } from "../../workers/core/auth/hash-key.ts";
import type { SettleInput, SettleResult } from "../../workers/core/budget/budget-counter-rpc.ts";
import { budgetScopeName } from "../../workers/core/budget/budget-scope.ts";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { postAdmin } from "../helpers/call-admin.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { mockUpstreams } from "../helpers/mock-upstream.ts";
import { chatCompletion, INPUT_PRICE, OUTPUT_PRICE } from "../workers/gateway/budgets/budget-fixtures.ts";

const USAGE = { prompt_tokens: 40, completion_tokens: 30 };
const COST = USAGE.prompt_tokens * INPUT_PRICE + USAGE.completion_tokens * OUTPUT_PRICE;
const LIMITS = { maxBudgetUsd: 5, budgetDuration: null, rpmLimit: null, tpmLimit: null, maxParallelRequests: null };

const config = `
model_list:
  - model_name: gpt
    litellm_params: { model: openai/gpt-4o, api_base: "https://openai.test/v1", api_key: sk-up, input_cost_per_token: ${INPUT_PRICE}, output_cost_per_token: ${OUTPUT_PRICE} }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

const answer = chatCompletion(USAGE.prompt_tokens, USAGE.completion_tokens);

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());

beforeAll(async () => {
  await activateConfig(config);
});

async function createKey(): Promise<{ key: string; counter: DurableObjectStub<BudgetCounter> }> {
  const created = await postAdmin("/key/generate", { max_budget: LIMITS.maxBudgetUsd });
  if (created.status !== 200) throw new Error(`key/generate failed: ${JSON.stringify(created.body)}`);
  const key = created.body.key as string;
  const name = budgetScopeName({ kind: "key", id: await sha256Hex(key) });
  return { key, counter: env.BUDGET_COUNTER.getByName(name) };
}

const chat = (key: string, envOverrides: Partial<Env> = {}) =>
  callGateway(
    "/v1/chat/completions",
    {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt", max_tokens: 50, messages: [{ role: "user", content: "hi" }] }),
    },
    envOverrides,
  );

/**
 * The real budget objects, but every settle call (`settle`, or `settleMany`, which the gateway uses to
 * send its pending settles in one round trip) goes through `settle`, which may fail like a reset object.
 * Settles carried by a later reserve pass through: each test here makes one request per scope.
 */
function budgetCountersSettlingWith(
  settle: (real: DurableObjectStub<BudgetCounter>, inputs: SettleInput[]) => Promise<SettleResult[]>,
): Partial<Env> {
  const namespace = {
    getByName: (name: string) => {
      const real = env.BUDGET_COUNTER.getByName(name);
      return {
        reserve: (input: Parameters<BudgetCounter["reserve"]>[0]) => real.reserve(input),
        extend: (input: Parameters<BudgetCounter["extend"]>[0]) => real.extend(input),
        snapshot: (input: Parameters<BudgetCounter["snapshot"]>[0]) => real.snapshot(input),
        settleMany: (inputs: SettleInput[]) => settle(real, inputs),
        settle: async (input: SettleInput) => {
          const [result] = await settle(real, [input]);
          if (result === undefined) throw new Error("no settle result");
          return result;
        },
      };
    },
  };
  return { BUDGET_COUNTER: namespace as unknown as Env["BUDGET_COUNTER"] };
}

const resetError = () => new Error("Durable Object reset because its code was updated.");

describe("BudgetCounter reset or evicted mid-request", () => {
  it("is evicted between reserve and settle: the settle reaches the restarted object and charges once", async () => {
    const { key, counter } = await createKey();
    let evictions = 0;
    upstream = mockUpstreams({
      "https://openai.test": async () => {
        // The request holds its reservation now; the object restarts before the answer comes back.
        await evictDurableObject(counter);
        evictions++;
        return Response.json(answer);
      },
    });
    const result = await chat(key);
    expect(result.response.status).toBe(200);
    expect(evictions).toBe(1);
    expect(result.spendRecords).toHaveLength(1);
    expect(result.spendRecords[0]?.costUsd).toBeCloseTo(COST, 12);
    const snapshot = await counter.snapshot({ limits: LIMITS, now: Date.now() });
    expect(snapshot).toMatchObject({ reservedUsd: 0, inFlight: 0 });
    expect(snapshot.spentUsd).toBeCloseTo(COST, 9);
  });

  it("cannot be reached to settle: the hold expires by alarm, the record is kept, a late settle charges once", async () => {
    const { key, counter } = await createKey();
    upstream = mockUpstreams({ "https://openai.test": () => Response.json(answer) });
    const attempts: SettleInput[] = [];
    const result = await chat(
      key,
      budgetCountersSettlingWith(async (_real, inputs) => {
        attempts.push(...inputs);
        throw resetError();
      }),
    );
    expect(result.response.status).toBe(200);
    // The spend record does not depend on the settle: it is queued all the same.
    expect(result.spendRecords).toHaveLength(1);
    const [record] = result.spendRecords;
    expect(record?.costUsd).toBeCloseTo(COST, 12);
    expect(attempts).toHaveLength(3);
    const [settle] = attempts;
    if (settle === undefined || record === undefined) throw new Error("no settle attempted");
    expect(settle.requestId).toBe(record.requestId);

    // The hold outlives the failed settles, then the alarm releases it: nothing stays reserved for ever.
    const held = await counter.snapshot({ limits: LIMITS, now: Date.now() });
    expect(held.inFlight).toBe(1);
    expect(held.reservedUsd).toBeGreaterThan(0);
    expect(await runDurableObjectAlarm(counter)).toBe(true);
    const released = await counter.snapshot({ limits: LIMITS, now: Date.now() });
    expect(released).toMatchObject({ reservedUsd: 0, inFlight: 0, spentUsd: 0 });

    // A settle retried once the object is back (same request id) charges the real cost once, however often it runs.
    expect(await counter.settle(settle)).toMatchObject({ ok: true, duplicate: false });
    expect(await counter.settle(settle)).toMatchObject({ ok: true, duplicate: true });
    const settled = await counter.snapshot({ limits: LIMITS, now: Date.now() });
    expect(settled).toMatchObject({ reservedUsd: 0, inFlight: 0 });
    expect(settled.spentUsd).toBeCloseTo(COST, 9);
  });

  it.each([
    { fault: "the first settle never arrived", landsBeforeFailing: false },
    { fault: "the first settle landed but its answer was lost", landsBeforeFailing: true },
  ])("settles on the retry when $fault, charging once", async ({ landsBeforeFailing }) => {
    const { key, counter } = await createKey();
    upstream = mockUpstreams({ "https://openai.test": () => Response.json(answer) });
    const outcomes: string[] = [];
    const flaky = budgetCountersSettlingWith(async (real, inputs) => {
      if (outcomes.length > 0) {
        const settled = await real.settleMany(inputs);
        outcomes.push(...settled.map((one) => (one.ok && one.duplicate ? "duplicate" : "charged")));
        return settled;
      }
      if (landsBeforeFailing) await real.settleMany(inputs);
      outcomes.push("reset");
      throw resetError();
    });
    const result = await chat(key, flaky);
    expect(result.response.status).toBe(200);
    expect(result.spendRecords).toHaveLength(1);
    expect(outcomes).toEqual(["reset", landsBeforeFailing ? "duplicate" : "charged"]);
    const snapshot = await counter.snapshot({ limits: LIMITS, now: Date.now() });
    expect(snapshot).toMatchObject({ reservedUsd: 0, inFlight: 0 });
    expect(snapshot.spentUsd).toBeCloseTo(COST, 9);
  });
});
