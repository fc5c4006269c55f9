import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";

// LiteLLM's cost map (MIT), read as text at build time from ../shared; the project ships no copy.
const rawCostMaps = import.meta.glob<string>("../../../../shared/data/litellm-model-prices.json", {
  query: "?raw",
  import: "default",
  eager: true,
});
const costMapText = Object.values(rawCostMaps)[0] ?? "";
const costMap = JSON.parse(costMapText) as Record<string, Record<string, unknown>>;

/** The entry's fields that a normalized price carries, as LiteLLM wrote them. */
function listedPrice(model: string, fields: string[]) {
  const entry = costMap[model];
  if (entry === undefined) throw new Error(`${model} is not in the cost map`);
  return Object.fromEntries(fields.map((field) => [field, entry[field]]));
}

const importCostMap = (body: string, key: string | null = TEST_MASTER_KEY, query = "") =>
  callAdmin(`/model_prices/import${query}`, { method: "POST", body, key });
const lookUp = (model: string, key?: string) =>
  callAdmin(`/model_prices?model=${encodeURIComponent(model)}`, key === undefined ? {} : { key });
const storedRows = async () =>
  (await env.DB.prepare("SELECT count(*) AS n FROM model_prices").first<{ n: number }>())?.n;

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM model_prices"),
    env.DB.prepare("DELETE FROM price_table_versions"),
    env.DB.prepare("DELETE FROM virtual_keys"),
  ]);
  await activateConfig(`general_settings:\n  master_key: ${TEST_MASTER_KEY}\n`);
});

describe("POST /model_prices/import with LiteLLM's cost map", () => {
  it("imports every model with per-token prices and says what it skipped and why", async () => {
    const entries = Object.entries(costMap).filter(([model]) => model !== "sample_spec");
    const priced = entries.filter(
      ([, entry]) => typeof entry.input_cost_per_token === "number" && typeof entry.output_cost_per_token === "number",
    ).length;
    const { status, body } = await importCostMap(costMapText);
    expect(status).toBe(201);
    expect(body.imported).toBe(priced);
    expect(body.imported).toBeGreaterThan(2000);
    expect(body.skipped).toBe(entries.length - priced);
    expect(body.skipped_by_reason).toEqual({ "no per-token prices": entries.length - priced });
    expect(body.skipped_models).toContainEqual({ model: "dall-e-3", reason: "no per-token prices" });
    expect(body.warnings).toEqual([]);
    expect(await storedRows()).toBe(priced);
    expect(typeof body.version).toBe("number");

    const summary = await callAdmin("/model_prices");
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      price_table_version: body.version,
      imported_models: priced,
      source: "admin-api",
      imported_by: "master_key",
    });
  });

  it("serves imported prices that equal the file's, cache prices and long-context tiers included", async () => {
    const imported = await importCostMap(costMapText, TEST_MASTER_KEY, "?source=litellm-2026-06");
    expect(imported.status).toBe(201);

    const sonnet = await lookUp("anthropic/claude-sonnet-4-5");
    expect(sonnet.status).toBe(200);
    expect(sonnet.body).toMatchObject({
      model: "anthropic/claude-sonnet-4-5",
      key: "claude-sonnet-4-5",
      source: "imported",
      imported_from: "litellm-2026-06",
      imported_by: "master_key",
      price_table_version: imported.body.version,
    });
    expect(sonnet.body.price).toEqual(
      listedPrice("claude-sonnet-4-5", [
        "input_cost_per_token",
        "output_cost_per_token",
        "cache_read_input_token_cost",
        "cache_creation_input_token_cost",
        "input_cost_per_token_above_200k_tokens",
        "output_cost_per_token_above_200k_tokens",
        "cache_read_input_token_cost_above_200k_tokens",
        "cache_creation_input_token_cost_above_200k_tokens",
        "mode",
        "max_input_tokens",
      ]),
    );

    // Provider-prefixed key, 200k tier without a base cache-write price.
    const gemini = await lookUp("gemini/gemini-2.5-pro");
    expect(gemini.body).toMatchObject({ key: "gemini/gemini-2.5-pro", source: "imported" });
    expect(gemini.body.price).toEqual(
      listedPrice("gemini/gemini-2.5-pro", [
        "input_cost_per_token",
        "output_cost_per_token",
        "cache_read_input_token_cost",
        "input_cost_per_token_above_200k_tokens",
        "output_cost_per_token_above_200k_tokens",
        "cache_read_input_token_cost_above_200k_tokens",
        "mode",
        "max_input_tokens",
      ]),
    );

    // GPT-5.4's tier starts at 272k; its `_priority`/`_flex` service tiers are not ours.
    const gpt = await lookUp("gpt-5.4");
    expect(gpt.body.price).toEqual(
      listedPrice("gpt-5.4", [
        "input_cost_per_token",
        "output_cost_per_token",
        "cache_read_input_token_cost",
        "input_cost_per_token_above_272k_tokens",
        "output_cost_per_token_above_272k_tokens",
        "cache_read_input_token_cost_above_272k_tokens",
        "mode",
        "max_input_tokens",
      ]),
    );

    // Bedrock model ids are listed bare in the map.
    const bedrock = await lookUp("bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0");
    expect(bedrock.body).toMatchObject({ key: "anthropic.claude-sonnet-4-5-20250929-v1:0", source: "imported" });
    expect(bedrock.body.price).toMatchObject(
      listedPrice("anthropic.claude-sonnet-4-5-20250929-v1:0", [
        "input_cost_per_token",
        "output_cost_per_token",
        "cache_read_input_token_cost",
        "cache_creation_input_token_cost",
      ]),
    );

    // A model only the import knows, with Grok's 128k tier and no cache prices.
    const grok = await lookUp("xai/grok-4-0709");
    expect(grok.body.price).toEqual(
      listedPrice("xai/grok-4-0709", [
        "input_cost_per_token",
        "output_cost_per_token",
        "input_cost_per_token_above_128k_tokens",
        "output_cost_per_token_above_128k_tokens",
        "mode",
        "max_input_tokens",
      ]),
    );
  });

  it("replaces the whole table on re-import, and the built-in table answers for what is gone", async () => {
    const first = await importCostMap(costMapText);
    const second = await importCostMap(
      JSON.stringify({
        sample_spec: { input_cost_per_token: 0, output_cost_per_token: 0 },
        "claude-sonnet-4-5": { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6, litellm_provider: "anthropic" },
        "in-house-model": { input_cost_per_token: 5e-7, output_cost_per_token: 6e-7 },
        "image-model": { output_cost_per_image: 0.04 },
      }),
      TEST_MASTER_KEY,
      "?source=custom",
    );
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({
      imported: 2,
      skipped: 1,
      skipped_models: [{ model: "image-model", reason: "no per-token prices" }],
    });
    expect(second.body.version).toBe((first.body.version as number) + 1);
    expect(second.body.warnings).toContain("gpt-4o: not in the import; its built-in price still applies");
    expect(await storedRows()).toBe(2);

    expect((await lookUp("claude-sonnet-4-5")).body).toMatchObject({
      source: "imported",
      imported_from: "custom",
      price: { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 },
    });
    expect((await lookUp("openai/in-house-model")).body).toMatchObject({ key: "in-house-model", source: "imported" });
    const gpt4o = await lookUp("gpt-4o");
    expect(gpt4o.body).toMatchObject({ key: "gpt-4o", source: "builtin" });
    expect(gpt4o.body.price).toEqual({
      input_cost_per_token: expect.closeTo(2.5e-6, 15),
      output_cost_per_token: expect.closeTo(1e-5, 15),
      cache_read_input_token_cost: expect.closeTo(1.25e-6, 15),
    });
    expect(gpt4o.body.imported_from).toBeUndefined();
    expect((await lookUp("xai/grok-4-0709")).status).toBe(404);
  });

  it("DELETE /model_prices drops the import and bumps the version", async () => {
    const imported = await importCostMap(costMapText);
    const cleared = await callAdmin("/model_prices", { method: "DELETE" });
    expect(cleared).toEqual({ status: 200, body: { version: (imported.body.version as number) + 1, imported: 0 } });
    expect(await storedRows()).toBe(0);
    expect((await lookUp("claude-sonnet-4-5")).body).toMatchObject({ source: "builtin", key: "claude-sonnet-4-5" });
  });

  it("rejects bodies that are not a cost map with a 4xx and keeps the current table", async () => {
    await importCostMap(JSON.stringify({ "kept-model": { input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 } }));
    const notJson = await importCostMap("{ nope");
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({
      error: { type: "invalid_request_error", message: "We could not parse the JSON body of your request." },
    });
    const array = await importCostMap("[1, 2]");
    expect(array.status).toBe(400);
    expect(array.body).toMatchObject({ error: { type: "invalid_request_error" } });
    const unpriced = await importCostMap(JSON.stringify({ "image-model": { output_cost_per_image: 0.04 } }));
    expect(unpriced.status).toBe(400);
    expect(unpriced.body.error).toMatchObject({
      message: "The document lists no model with per-token prices; nothing was imported.",
    });
    const badSource = await importCostMap("{}", TEST_MASTER_KEY, "?source=");
    expect(badSource.status).toBe(400);
    expect(await storedRows()).toBe(1);
    expect((await lookUp("kept-model")).body.source).toBe("imported");
  });

  it("answers 404 for a model no table prices", async () => {
    const missing = await lookUp("hosted_vllm/my-own-model");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { message: "A price for 'hosted_vllm/my-own-model' was not found." } });
  });
});

describe("roles", () => {
  it("lets only admins import or clear; viewers and team admins read", async () => {
    await postAdmin("/team/new", { team_id: "red" });
    const viewer = (await postAdmin("/key/generate", { role: "viewer" })).body.key as string;
    const redAdmin = (await postAdmin("/key/generate", { role: "team_admin", team_id: "red" })).body.key as string;
    const adminKey = await postAdmin("/key/generate", { role: "admin" });
    const admin = adminKey.body.key as string;
    const plain = (await postAdmin("/key/generate", {})).body.key as string;
    const small = JSON.stringify({ "m-1": { input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 } });

    expect((await importCostMap(small, viewer)).status).toBe(403);
    expect((await importCostMap(small, redAdmin)).status).toBe(403);
    expect((await callAdmin("/model_prices", { method: "DELETE", key: viewer })).status).toBe(403);
    expect((await importCostMap(small, plain)).status).toBe(403);
    expect((await importCostMap(small, null)).status).toBe(401);
    expect(await storedRows()).toBe(0);

    const byAdmin = await importCostMap(small, admin);
    expect(byAdmin.status).toBe(201);
    const read = await lookUp("m-1", viewer);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ source: "imported", imported_by: adminKey.body.key_name });
    expect((await lookUp("m-1", redAdmin)).status).toBe(200);
    expect((await callAdmin("/model_prices", { key: plain })).status).toBe(403);
  });
});
