import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { BudgetCounter } from "../../../../durable-objects/budget-counter.ts";
import { sha256Hex } from "../../../../workers/core/auth/hash-key.ts";
import type { ReserveInput, SettleInput } from "../../../../workers/core/budget/budget-counter-rpc.ts";
import { budgetScopeName } from "../../../../workers/core/budget/budget-scope.ts";
import { gatewayApp } from "../../../../workers/gateway/app.ts";
import { PendingSettles, SETTLE_WINDOW_MS } from "../../../../workers/gateway/budget/pending-settles.ts";
import { mockUpstreams } from "../../../helpers/mock-upstream.ts";
import { activatePricedConfig, chatCompletion, createKey, INPUT_PRICE, OUTPUT_PRICE } from "./budget-fixtures.ts";

type Namespace = DurableObjectNamespace<BudgetCounter>;

function settleOf(requestId: string, actualUsd = 0.01): SettleInput {
  return { reservationId: `hold-${requestId}`, requestId, actualUsd, actualTokens: 10, now: Date.now() };
}

/** A namespace whose stubs only record `settleMany` batches (and fail the first `failures` of them). */
function recordingNamespace(failures = 0) {
  const batches: string[][] = [];
  let failed = 0;
  const namespace = {
    getByName: () => ({
      settleMany: async (inputs: SettleInput[]) => {
        if (failed < failures) {
          failed += 1;
          throw new Error("budget object unreachable");
        }
        batches.push(inputs.map((input) => input.requestId));
        return inputs.map(() => ({ ok: true, duplicate: false, spentUsd: 0 }));
      },
    }),
  };
  return { batches, namespace: namespace as unknown as Namespace };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("PendingSettles", () => {
  it("hands a settle to the scope's next reserve, which applies it, and then never sends it again", async () => {
    const { batches, namespace } = recordingNamespace();
    const settles = new PendingSettles(namespace);
    let applied = false;
    const added = settles.add("key:a", settleOf("r1")).then(() => {
      applied = true;
    });
    const carried = settles.take("key:a");
    expect(carried.inputs.map((input) => input.requestId)).toEqual(["r1"]);
    expect(settles.take("key:a").inputs).toEqual([]);
    expect(settles.take("key:b").inputs).toEqual([]);
    await sleep(1);
    expect(applied).toBe(false);
    carried.applied();
    await added;
    await sleep(SETTLE_WINDOW_MS * 2);
    expect(batches).toEqual([]);
  });

  it("sends the settles no reserve took in one batch once the window ends", async () => {
    const { batches, namespace } = recordingNamespace();
    const settles = new PendingSettles(namespace);
    await Promise.all([settles.add("key:a", settleOf("r1")), settles.add("key:a", settleOf("r2"))]);
    expect(batches).toEqual([["r1", "r2"]]);
  });

  it("puts back the settles of a reserve that failed, and sends them", async () => {
    const { batches, namespace } = recordingNamespace();
    const settles = new PendingSettles(namespace);
    const added = settles.add("key:a", settleOf("r1"));
    const carried = settles.take("key:a");
    await carried.requeue();
    await added;
    expect(batches).toEqual([["r1"]]);
  });

  it("retries a batch the object did not take", async () => {
    const { batches, namespace } = recordingNamespace(1);
    await new PendingSettles(namespace).add("key:a", settleOf("r1"));
    expect(batches).toEqual([["r1"]]);
  });

  it("drops a malformed settle with an error instead of letting it fail the calls it would ride with", async () => {
    const { batches, namespace } = recordingNamespace();
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const settles = new PendingSettles(namespace);
    await settles.add("key:a", settleOf("bad", Number.NaN));
    expect(settles.take("key:a").inputs).toEqual([]);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("bad"), expect.anything());
    logged.mockRestore();
    expect(batches).toEqual([]);
  });
});

describe("settles of strict requests through the gateway", () => {
  let upstream: ReturnType<typeof mockUpstreams> | undefined;
  afterEach(() => upstream?.restore());
  beforeAll(activatePricedConfig);

  it("apply each request's cost exactly once, carried by a later reserve or sent after the window", async () => {
    upstream = mockUpstreams({ "https://openai.test": () => Response.json(chatCompletion(20, 10)) });
    const costPerRequest = 20 * INPUT_PRICE + 10 * OUTPUT_PRICE;
    const key = await createKey({ max_budget: 1 });
    const calls: Array<{ method: string; requestIds: string[] }> = [];
    const counting = {
      getByName: (name: string) => {
        const stub = env.BUDGET_COUNTER.getByName(name);
        return {
          reserve: (input: ReserveInput) => {
            calls.push({ method: "reserve", requestIds: (input.settles ?? []).map((settle) => settle.requestId) });
            return stub.reserve(input);
          },
          settleMany: (inputs: SettleInput[]) => {
            calls.push({ method: "settleMany", requestIds: inputs.map((input) => input.requestId) });
            return stub.settleMany(inputs);
          },
        };
      },
    } as unknown as Namespace;
    const overridden = {
      ...env,
      BUDGET_COUNTER: counting,
      SPEND_QUEUE: { send: async () => {}, sendBatch: async () => {} } as unknown as Queue,
    };

    // One request after another, each sent as soon as the previous answer is in (not its waitUntil).
    const contexts: ExecutionContext[] = [];
    const requestIds: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const ctx = createExecutionContext();
      contexts.push(ctx);
      const response = await gatewayApp.fetch(
        new Request("https://gateway.test/v1/chat/completions", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ model: "priced", max_tokens: 10, messages: [{ role: "user", content: "hi" }] }),
        }),
        overridden,
        ctx,
      );
      expect(response.status).toBe(200);
      await response.text();
      requestIds.push(response.headers.get("x-request-id") ?? "");
    }
    await Promise.all(contexts.map((ctx) => waitOnExecutionContext(ctx)));

    expect(calls.filter((call) => call.method === "reserve")).toHaveLength(4);
    const settled = calls.flatMap((call) => call.requestIds);
    expect(settled.sort()).toEqual([...requestIds].sort());
    const snapshot = await env.BUDGET_COUNTER.getByName(
      budgetScopeName({ kind: "key", id: await sha256Hex(key) }),
    ).snapshot({
      limits: { maxBudgetUsd: 1, budgetDuration: null, rpmLimit: null, tpmLimit: null, maxParallelRequests: null },
      now: Date.now(),
    });
    expect(snapshot).toMatchObject({ reservedUsd: 0, inFlight: 0 });
    expect(snapshot.spentUsd).toBeCloseTo(4 * costPerRequest, 9);
  });
});
