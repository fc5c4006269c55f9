import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../../../workers/core/auth/hash-key.ts";
import { budgetScopeName } from "../../../../workers/core/budget/budget-scope.ts";
import type { SpendRecord } from "../../../../workers/core/spend/spend-record.ts";
import { gatewayApp } from "../../../../workers/gateway/app.ts";
import { consumeSpendBatch } from "../../../../workers/gateway/spend/consume-spend-batch.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../../helpers/activate-config.ts";
import { callAdmin } from "../../../helpers/call-admin.ts";
import { callGateway } from "../../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../../helpers/mock-upstream.ts";
import {
  anthropicStreamEvents,
  chatCompletion,
  chatStreamEvents,
  createKey,
  lazyStream,
  sseEvents,
} from "./budget-fixtures.ts";

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());

// Claude Sonnet's list prices: $3 / $15 per million tokens.
const INPUT = 0.000003;
const OUTPUT = 0.000015;
const SLICE_TOKENS = 1000;
const SLICE_USD = SLICE_TOKENS * OUTPUT;
const smallSlices = { BUDGET_SLICE_TOKENS: String(SLICE_TOKENS) } as unknown as Partial<Env>;

const config = `
model_list:
  - model_name: claude
    litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "https://anthropic.test", api_key: sk-ant-up, input_cost_per_token: ${INPUT}, output_cost_per_token: ${OUTPUT} }
    model_info: { id: claude-anthropic }
  - model_name: gpt
    litellm_params: { model: openai/gpt-4o, api_base: "https://openai.test/v1", api_key: sk-up, input_cost_per_token: ${INPUT}, output_cost_per_token: ${OUTPUT} }
    model_info: { id: gpt-openai }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

beforeAll(async () => {
  await activateConfig(config);
});

const post = (path: string, key: string, body: unknown, envOverrides: Partial<Env> = {}) =>
  callGateway(
    path,
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "anthropic-version": "2023-06-01",
      },
      body: JSON.stringify(body),
    },
    envOverrides,
  );

async function keySnapshot(key: string, maxBudgetUsd: number) {
  const stub = env.BUDGET_COUNTER.getByName(budgetScopeName({ kind: "key", id: await sha256Hex(key) }));
  return stub.snapshot({
    limits: { maxBudgetUsd, budgetDuration: null, rpmLimit: null, tpmLimit: null, maxParallelRequests: null },
    now: Date.now(),
  });
}

/** A long Anthropic stream (200 × 300 characters ≈ $0.30 of output): far more than the small budgets below. */
function longAnthropicStream() {
  const state = { cancelled: false };
  upstream = mockUpstreams({
    "https://anthropic.test": () =>
      new Response(
        lazyStream(anthropicStreamEvents(200, "x".repeat(300), 40), () => {
          state.cancelled = true;
        }),
        { headers: { "content-type": "text/event-stream" } },
      ),
  });
  return state;
}

/** A Claude Code request: big system prompt and tools, `max_tokens: 128000`, streaming. */
function claudeCodeRequest() {
  return {
    model: "claude",
    max_tokens: 128000,
    stream: true,
    system: [{ type: "text", text: "You are Claude Code, Anthropic's official CLI for Claude. ".repeat(40) }],
    tools: [
      {
        name: "Bash",
        description: "Executes a given bash command in a persistent shell session.",
        input_schema: { type: "object", properties: { command: { type: "string" } }, required: ["command"] },
      },
    ],
    messages: [{ role: "user", content: [{ type: "text", text: "Fix the failing test in src/parser.ts" }] }],
  };
}

const deliveredText = (events: Array<{ data: string }>) =>
  events
    .map((event) => {
      try {
        const data = JSON.parse(event.data) as { delta?: { text?: string } };
        return data.delta?.text ?? "";
      } catch {
        return "";
      }
    })
    .join("");

describe("streams metered against a budget", () => {
  it("serves a Claude-Code-shaped request (max_tokens 128000, streaming) on a budget of $1.50", async () => {
    // Reserving input + 128000 output tokens up front would need $1.92 and refuse this call.
    upstream = mockUpstreams({
      "https://anthropic.test": () =>
        new Response(
          lazyStream(anthropicStreamEvents(40, "y".repeat(100), 900), () => {}),
          {
            headers: { "content-type": "text/event-stream" },
          },
        ),
    });
    const key = await createKey({ max_budget: 1.5 });
    const result = await post("/v1/messages", key, claudeCodeRequest());

    expect(result.response.status).toBe(200);
    expect(result.response.headers.get("x-switchyard-translation")).toBe("none");
    const events = sseEvents(result.text);
    expect(events.at(-1)?.event).toBe("message_stop");
    expect(JSON.parse(events.at(-2)?.data ?? "{}")).toMatchObject({ delta: { stop_reason: "end_turn" } });
    expect(JSON.parse(upstream.requests[0]?.body ?? "{}")).toMatchObject({ max_tokens: 128000 });

    const [record] = result.spendRecords;
    expect(record).toMatchObject({ status: 200, errorKind: null, inputTokens: 900, outputTokens: 1000 });
    expect(record?.costUsd).toBeCloseTo(900 * INPUT + 1000 * OUTPUT, 12);
    const snapshot = await keySnapshot(key, 1.5);
    expect(snapshot.spentUsd).toBeCloseTo(record?.costUsd ?? -1, 9);
    expect(snapshot.reservedUsd).toBe(0);
  });

  it("cuts an Anthropic stream at the slice the budget cannot grant, with a clean max_tokens ending", async () => {
    const state = longAnthropicStream();
    const budget = 0.05;
    const key = await createKey({ max_budget: budget });
    const result = await post("/v1/messages", key, claudeCodeRequest(), smallSlices);

    expect(result.response.status).toBe(200);
    const events = sseEvents(result.text);
    expect(events.slice(-3).map((event) => event.event)).toEqual([
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(JSON.parse(events.at(-2)?.data ?? "{}")).toMatchObject({
      type: "message_delta",
      delta: { stop_reason: "max_tokens", stop_sequence: null },
    });
    expect(events.filter((event) => event.event === "message_stop")).toHaveLength(1);
    expect(state.cancelled).toBe(true);

    const [record] = result.spendRecords;
    expect(record).toMatchObject({ status: 200, errorKind: "budget_exceeded" });
    const cost = record?.costUsd ?? 0;
    // Charged for what was produced, and over the budget by less than one slice.
    expect(cost).toBeGreaterThan(budget - 2 * SLICE_USD);
    expect(cost).toBeLessThanOrEqual(budget + SLICE_USD);
    const deliveredTokens = deliveredText(events).length / 3;
    expect(cost).toBeGreaterThanOrEqual(deliveredTokens * OUTPUT);
    const snapshot = await keySnapshot(key, budget);
    expect(snapshot.spentUsd).toBeCloseTo(cost, 9);
    expect(snapshot.reservedUsd).toBe(0);

    // The budget is spent: the next call is refused before reaching the upstream.
    const before = upstream?.requests.length;
    const next = await post("/v1/messages", key, claudeCodeRequest(), smallSlices);
    expect(next.response.status).toBe(429);
    expect(next.json()).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
    expect(upstream?.requests.length).toBe(before);
  });

  it("ends a translated Chat stream with finish_reason length and [DONE] when the budget runs out", async () => {
    longAnthropicStream();
    const key = await createKey({ max_budget: 0.05 });
    const result = await post(
      "/v1/chat/completions",
      key,
      { model: "claude", stream: true, messages: [{ role: "user", content: "write a lot" }] },
      smallSlices,
    );
    expect(result.response.status).toBe(200);
    const events = sseEvents(result.text);
    expect(events.at(-1)?.data).toBe("[DONE]");
    const finishes = events
      .slice(0, -1)
      .map((event) => JSON.parse(event.data) as { choices: Array<{ finish_reason: string | null }> })
      .flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason))
      .filter((reason) => reason !== null);
    expect(finishes).toEqual(["length"]);
    expect(result.spendRecords[0]?.costUsd).toBeLessThanOrEqual(0.05 + SLICE_USD);
  });

  it("ends a Responses stream with response.failed insufficient_quota, which Codex does not retry", async () => {
    longAnthropicStream();
    const key = await createKey({ max_budget: 0.05 });
    const result = await post(
      "/v1/responses",
      key,
      { model: "claude", stream: true, input: "write a lot" },
      smallSlices,
    );
    expect(result.response.status).toBe(200);
    const events = sseEvents(result.text);
    const last = JSON.parse(events.at(-1)?.data ?? "{}") as Record<string, unknown>;
    expect(last).toMatchObject({
      type: "response.failed",
      response: { status: "failed", error: { code: "insufficient_quota" } },
    });
    expect(events.filter((event) => event.event === "response.completed")).toHaveLength(0);
  });

  it("cuts a same-format Chat stream on the fast path with finish_reason length and [DONE]", async () => {
    const state = { cancelled: false };
    upstream = mockUpstreams({
      "https://openai.test": () =>
        new Response(
          lazyStream(chatStreamEvents(200, "z".repeat(300), 20), () => {
            state.cancelled = true;
          }),
          { headers: { "content-type": "text/event-stream" } },
        ),
    });
    const key = await createKey({ max_budget: 0.05 });
    const result = await post(
      "/v1/chat/completions",
      key,
      { model: "gpt", stream: true, messages: [{ role: "user", content: "write a lot" }] },
      smallSlices,
    );
    expect(result.response.headers.get("x-switchyard-translation")).toBe("none");
    const events = sseEvents(result.text);
    expect(events.at(-1)?.data).toBe("[DONE]");
    expect(JSON.parse(events.at(-2)?.data ?? "{}")).toMatchObject({
      id: "chatcmpl-BUDGET0002",
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta: {}, finish_reason: "length" }],
    });
    expect(state.cancelled).toBe(true);
    // Cut before the upstream's usage chunk: charged from the gateway's estimates, input included.
    const [record] = result.spendRecords;
    expect(record?.inputTokens).toBeGreaterThan(0);
    expect(record?.costUsd).toBeLessThanOrEqual(0.05 + SLICE_USD);
    expect(record?.costUsd).toBeGreaterThan(0.05 - 2 * SLICE_USD);
  });

  it("charges a client that disconnects mid-stream for what was produced, input included", async () => {
    const state = longAnthropicStream();
    const key = await createKey({ max_budget: 5 });
    const records: SpendRecord[] = [];
    const ctx = createExecutionContext();
    const response = await gatewayApp.fetch(
      new Request("https://gateway.test/v1/chat/completions", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "claude", stream: true, messages: [{ role: "user", content: "write a lot" }] }),
      }),
      { ...env, SPEND_QUEUE: { send: async (record: SpendRecord) => void records.push(record) } as unknown as Queue },
      ctx,
    );
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = "";
    while (received.split("\n\n").length < 30) {
      const chunk = await reader.read();
      if (chunk.done) break;
      received += new TextDecoder().decode(chunk.value);
    }
    await reader.cancel();
    await waitOnExecutionContext(ctx);

    expect(state.cancelled).toBe(true);
    const [record] = records;
    expect(record).toMatchObject({ status: 200, errorKind: expect.any(String) });
    // Anthropic told the input (40 tokens) up front; the output is at least what reached the client.
    expect(record?.inputTokens).toBe(40);
    const deliveredCharacters = (received.match(/x{300}/g) ?? []).length * 300;
    expect(record?.outputTokens).toBeGreaterThanOrEqual(Math.ceil(deliveredCharacters / 3));
    expect(record?.costUsd).toBeCloseTo(40 * INPUT + (record?.outputTokens ?? 0) * OUTPUT, 12);
    expect((await keySnapshot(key, 5)).spentUsd).toBeCloseTo(record?.costUsd ?? -1, 9);
  });

  it("streams a non-streaming call upstream when its output could outgrow the slice, and assembles the answer", async () => {
    upstream = mockUpstreams({
      "https://openai.test": () =>
        new Response(
          lazyStream(chatStreamEvents(10, "abc ", 12), () => {}),
          {
            headers: { "content-type": "text/event-stream" },
          },
        ),
    });
    const key = await createKey({ max_budget: 1 });
    const result = await post("/v1/chat/completions", key, {
      model: "gpt",
      messages: [{ role: "user", content: "hello" }],
    });
    expect(result.response.status).toBe(200);
    expect(JSON.parse(upstream.requests[0]?.body ?? "{}")).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(result.json()).toMatchObject({
      object: "chat.completion",
      choices: [{ message: { role: "assistant", content: "abc ".repeat(10) }, finish_reason: "stop" }],
      usage: { prompt_tokens: 12, completion_tokens: 10 },
    });
    expect(Number(result.response.headers.get("x-switchyard-response-cost"))).toBeCloseTo(12 * INPUT + 10 * OUTPUT, 12);
  });

  it("a non-streaming call with a small max_tokens is held whole and forwarded as is", async () => {
    upstream = mockUpstreams({ "https://openai.test": () => Response.json(chatCompletion(12, 50)) });
    const key = await createKey({ max_budget: 1 });
    const result = await post("/v1/chat/completions", key, {
      model: "gpt",
      max_tokens: 50,
      messages: [{ role: "user", content: "hello" }],
    });
    expect(result.response.status).toBe(200);
    expect(JSON.parse(upstream.requests[0]?.body ?? "{}").stream).toBeUndefined();
  });

  it("reports, records and response headers agree on the total spend", async () => {
    upstream = mockUpstreams({ "https://openai.test": () => Response.json(chatCompletion(30, 40)) });
    const key = await createKey({ max_budget: 10 });
    const results = [];
    for (let index = 0; index < 6; index++) {
      results.push(
        await post("/v1/chat/completions", key, {
          model: "gpt",
          max_tokens: 40,
          messages: [{ role: "user", content: `question ${index}` }],
        }),
      );
    }
    const headerTotal = results.reduce(
      (sum, result) => sum + Number(result.response.headers.get("x-switchyard-response-cost")),
      0,
    );
    const records: SpendRecord[] = results.flatMap((result) => result.spendRecords);
    const recordTotal = records.reduce((sum, record) => sum + record.costUsd, 0);
    const batch = {
      queue: "switchyard-spend",
      messages: records.map((body, index) => ({
        id: `m${index}`,
        timestamp: new Date(),
        attempts: 1,
        body,
        ack() {},
        retry() {},
      })),
      ackAll() {},
      retryAll() {},
    } as unknown as MessageBatch<unknown>;
    createExecutionContext();
    await consumeSpendBatch(batch, env);
    const report = await callAdmin(`/spend/keys?key=${encodeURIComponent(key)}`);
    const keyHash = await sha256Hex(key);
    const row = (report.body as unknown as Array<{ key: string; spend: number; requests: number }>).find(
      (entry) => entry.key === keyHash,
    );
    expect(row?.requests).toBe(6);
    expect(headerTotal).toBeCloseTo(6 * (30 * INPUT + 40 * OUTPUT), 12);
    expect(recordTotal).toBeCloseTo(headerTotal, 12);
    expect(row?.spend).toBeCloseTo(headerTotal, 12);
    expect((await keySnapshot(key, 10)).spentUsd).toBeCloseTo(headerTotal, 9);
  });
});
