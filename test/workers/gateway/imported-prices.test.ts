import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUILTIN_PRICES } from "../../../workers/core/pricing/builtin-prices.ts";
import { gatewayConfigCache } from "../../../workers/gateway/config-cache.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";

const rawCostMaps = import.meta.glob<string>("../../../../shared/data/litellm-model-prices.json", {
  query: "?raw",
  import: "default",
  eager: true,
});
const costMapText = Object.values(rawCostMaps)[0] ?? "";
const costMap = JSON.parse(costMapText) as Record<string, Record<string, number>>;

const config = `
model_list:
  - { model_name: gpt, litellm_params: { model: openai/gpt-4o, api_base: "https://openai.test/v1", api_key: k }, model_info: { id: gpt } }
  - { model_name: fresh, litellm_params: { model: openai/gpt-fresh-1, api_base: "https://openai.test/v1", api_key: k }, model_info: { id: fresh } }
  - { model_name: fixed, litellm_params: { model: openai/gpt-4o, api_base: "https://openai.test/v1", api_key: k, input_cost_per_token: 0.00001, output_cost_per_token: 0.00002 }, model_info: { id: fixed } }
  - { model_name: "openai/*", litellm_params: { model: "openai/*", api_base: "https://openai.test/v1", api_key: k }, model_info: { id: wild } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

/** A cost map of our own, so every expected cost below is plain arithmetic. */
const customPrices = {
  "gpt-4o": { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, cache_read_input_token_cost: 1e-7 },
  "gpt-fresh-1": {
    input_cost_per_token: 3e-6,
    output_cost_per_token: 4e-6,
    input_cost_per_token_above_128k_tokens: 6e-6,
    output_cost_per_token_above_128k_tokens: 8e-6,
  },
};

let upstream: ReturnType<typeof mockUpstreams> | undefined;
let usage = { prompt: 1000, cached: 400, completion: 200 };

beforeEach(async () => {
  await env.DB.batch([env.DB.prepare("DELETE FROM model_prices"), env.DB.prepare("DELETE FROM price_table_versions")]);
  await activateConfig(config);
  usage = { prompt: 1000, cached: 400, completion: 200 };
  upstream = mockUpstreams({
    "https://openai.test": (_request, body) =>
      Response.json({
        id: "chatcmpl-1",
        object: "chat.completion",
        created: 1_790_000_000,
        model: (JSON.parse(body) as { model: string }).model,
        choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
        usage: {
          prompt_tokens: usage.prompt,
          completion_tokens: usage.completion,
          total_tokens: usage.prompt + usage.completion,
          prompt_tokens_details: { cached_tokens: usage.cached },
        },
      }),
  });
});
afterEach(() => upstream?.restore());

const importPrices = async (document: unknown) => {
  const result = await callAdmin("/model_prices/import", { method: "POST", body: JSON.stringify(document) });
  expect(result.status).toBe(201);
  return result;
};

/** env.DB, recording each batch's size and the distinct SQL prepared (drizzle may prepare a statement twice). */
function countingDatabase() {
  const calls = { batchSizes: [] as number[], tables: new Set<string>() };
  const database = new Proxy(env.DB, {
    get(target, property) {
      if (property === "prepare")
        return (query: string) => {
          calls.tables.add(/from "(\w+)"/.exec(query)?.[1] ?? query);
          return target.prepare(query);
        };
      if (property === "batch")
        return (statements: D1PreparedStatement[]) => {
          calls.batchSizes.push(statements.length);
          return target.batch(statements);
        };
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { database, calls };
}

async function chat(model: string, envOverrides: Partial<Env> = {}) {
  const result = await callGateway(
    "/v1/chat/completions",
    {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
    },
    envOverrides,
  );
  expect(result.response.status).toBe(200);
  expect(result.spendRecords).toHaveLength(1);
  const header = result.response.headers.get("x-switchyard-response-cost");
  return { header, cost: Number(header), record: result.spendRecords[0] };
}

/** OpenAI counts cached tokens inside prompt_tokens: uncached input, cache reads and output each at their price. */
const costOf = (input: number, cacheRead: number, output: number) =>
  (usage.prompt - usage.cached) * input + usage.cached * cacheRead + usage.completion * output;

describe("deployment prices from an imported price table", () => {
  it("prices a model the built-in table lacks, from the next refresh on, in the header and the spend record", async () => {
    expect((await chat("fresh")).header).toBe("unknown");
    await importPrices(customPrices);
    // The request that notices the new version is still served from the isolate cache (no D1 wait)...
    expect((await chat("fresh")).header).toBe("unknown");
    // ...and the background refresh it started has re-resolved the config for the next one.
    const priced = await chat("fresh");
    expect(priced.cost).toBeCloseTo(costOf(3e-6, 3e-6, 4e-6), 12);
    expect(priced.record?.costUsd).toBe(priced.cost);
    expect(priced.record).toMatchObject({ deployment: "fresh", inputTokens: 1000, outputTokens: 200 });
  });

  it("replaces a built-in price with the imported one, while config prices still win", async () => {
    const builtin = BUILTIN_PRICES.get("gpt-4o");
    expect((await chat("gpt")).cost).toBeCloseTo(costOf(2.5e-6, 1.25e-6, 1e-5), 12);
    expect(builtin?.inputPerToken).toBeCloseTo(2.5e-6, 15);
    await importPrices(customPrices);
    await chat("gpt");
    const imported = await chat("gpt");
    expect(imported.cost).toBeCloseTo(costOf(1e-6, 1e-7, 2e-6), 12);
    expect(imported.record?.costUsd).toBe(imported.cost);
    // Config prices (no cache price given: cached tokens at the input price).
    const fixed = await chat("fixed");
    expect(fixed.cost).toBeCloseTo(costOf(1e-5, 1e-5, 2e-5), 12);
    expect(fixed.record?.costUsd).toBe(fixed.cost);
  });

  it("prices a wildcard deployment's concrete model from the imported table", async () => {
    await importPrices(customPrices);
    await chat("openai/gpt-fresh-1");
    const priced = await chat("openai/gpt-fresh-1");
    expect(priced.record).toMatchObject({ deployment: "wild@gpt-fresh-1", upstreamModel: "gpt-fresh-1" });
    expect(priced.cost).toBeCloseTo(costOf(3e-6, 3e-6, 4e-6), 12);
  });

  it("applies an imported long-context tier above its threshold", async () => {
    await importPrices(customPrices);
    gatewayConfigCache.clear();
    usage = { prompt: 128_000, cached: 0, completion: 1000 };
    expect((await chat("fresh")).cost).toBeCloseTo(128_000 * 3e-6 + 1000 * 4e-6, 12);
    usage = { prompt: 130_000, cached: 0, completion: 1000 };
    expect((await chat("fresh")).cost).toBeCloseTo(130_000 * 6e-6 + 1000 * 8e-6, 12);
  });

  it("loads imported prices with the config in one D1 batch on a cold isolate, then only polls versions", async () => {
    await importPrices(customPrices);
    gatewayConfigCache.clear();
    const cold = countingDatabase();
    const first = await chat("fresh", { DB: cold.database });
    expect(first.cost).toBeCloseTo(costOf(3e-6, 3e-6, 4e-6), 12);
    // Active config, price table version and the prices: three statements, one round trip, nothing else.
    expect(cold.calls.batchSizes).toEqual([3]);
    expect([...cold.calls.tables].sort()).toEqual(["config_versions", "model_prices", "price_table_versions"]);
    const warm = countingDatabase();
    await chat("fresh", { DB: warm.database });
    // The background check: config version and price table version in one round trip, nothing reloaded.
    expect(warm.calls.batchSizes).toEqual([2]);
    expect([...warm.calls.tables].sort()).toEqual(["config_versions", "price_table_versions"]);
  });

  it("prices from LiteLLM's real file: a model missing from the built-in table, across its 272k tier", async () => {
    await callAdmin("/model_prices/import", { method: "POST", body: costMapText });
    await activateConfig(config.replace("gpt-fresh-1", "gpt-5.4"));
    const listed = costMap["gpt-5.4"];
    if (listed === undefined) throw new Error("gpt-5.4 missing from the cost map");
    expect(BUILTIN_PRICES.has("gpt-5.4")).toBe(false);

    const short = await chat("fresh");
    expect(short.cost).toBeCloseTo(
      costOf(
        listed.input_cost_per_token ?? 0,
        listed.cache_read_input_token_cost ?? 0,
        listed.output_cost_per_token ?? 0,
      ),
      12,
    );
    usage = { prompt: 300_000, cached: 100_000, completion: 1000 };
    const long = await chat("fresh");
    expect(long.cost).toBeCloseTo(
      costOf(
        listed.input_cost_per_token_above_272k_tokens ?? 0,
        listed.cache_read_input_token_cost_above_272k_tokens ?? 0,
        listed.output_cost_per_token_above_272k_tokens ?? 0,
      ),
      12,
    );
    expect(long.record?.costUsd).toBe(long.cost);
  });

  it("returns to the built-in table once the import is cleared", async () => {
    await importPrices(customPrices);
    gatewayConfigCache.clear();
    expect((await chat("gpt")).cost).toBeCloseTo(costOf(1e-6, 1e-7, 2e-6), 12);
    expect((await callAdmin("/model_prices", { method: "DELETE" })).status).toBe(200);
    await chat("gpt");
    expect((await chat("gpt")).cost).toBeCloseTo(costOf(2.5e-6, 1.25e-6, 1e-5), 12);
    expect((await chat("fresh")).header).toBe("unknown");
  });
});
