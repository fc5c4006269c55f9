import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../../workers/core/config/parse-config-text.ts";
import { resolveGatewayConfig } from "../../../workers/core/config/resolve-gateway-config.ts";
import { BUILTIN_PRICES } from "../../../workers/core/pricing/builtin-prices.ts";
import type { ModelPrice } from "../../../workers/core/pricing/model-price.ts";
import { priceTableFromRows } from "../../../workers/core/pricing/price-table-from-rows.ts";
import { BUILTIN_PRICE_LOOKUP, priceTableLookup } from "../../../workers/core/pricing/price-table-lookup.ts";
import { resolveModelGroup } from "../../../workers/core/routing/resolve-model-group.ts";

const price = (input: number, output: number, extra: Partial<ModelPrice> = {}): ModelPrice => ({
  inputPerToken: input,
  outputPerToken: output,
  ...extra,
});

describe("priceTableLookup", () => {
  it("answers from the built-in table alone when nothing was imported", () => {
    expect(BUILTIN_PRICE_LOOKUP.version).toBe(0);
    expect(BUILTIN_PRICE_LOOKUP.find("anthropic", "claude-sonnet-4-5")).toEqual({
      key: "claude-sonnet-4-5",
      price: BUILTIN_PRICES.get("claude-sonnet-4-5"),
      source: "builtin",
    });
    expect(BUILTIN_PRICE_LOOKUP.find("groq", "llama-3.3-70b-versatile")?.key).toBe("groq/llama-3.3-70b-versatile");
    expect(BUILTIN_PRICE_LOOKUP.find("openai", "no-such-model")).toBeUndefined();
  });

  it("prefers an imported price under any key over the built-in table, and falls back for the rest", () => {
    const imported = new Map([
      ["claude-sonnet-4-5", price(1e-6, 2e-6)],
      ["llama-3.3-70b-versatile", price(3e-7, 4e-7)],
      ["gemini/gemini-9-pro", price(5e-6, 6e-6)],
    ]);
    const lookup = priceTableLookup(imported, 7);
    expect(lookup.version).toBe(7);
    expect(lookup.importedCount).toBe(3);
    expect(lookup.find("anthropic", "claude-sonnet-4-5")).toEqual({
      key: "claude-sonnet-4-5",
      price: price(1e-6, 2e-6),
      source: "imported",
    });
    // The imported bare name beats the built-in `groq/…` entry: an import is the newer list.
    expect(lookup.find("groq", "llama-3.3-70b-versatile")).toMatchObject({
      key: "llama-3.3-70b-versatile",
      source: "imported",
    });
    expect(lookup.find("gemini", "gemini-9-pro")).toMatchObject({ key: "gemini/gemini-9-pro", source: "imported" });
    expect(lookup.find("openai", "gpt-4o")).toMatchObject({ key: "gpt-4o", source: "builtin" });
  });
});

describe("priceTableFromRows", () => {
  it("keeps the built-in lookup when no import was ever made", () => {
    expect(priceTableFromRows([], 0).lookup).toBe(BUILTIN_PRICE_LOOKUP);
  });

  it("parses stored rows and leaves out (and names) rows it cannot read", () => {
    const { lookup, invalid } = priceTableFromRows(
      [
        { model: "good", priceJson: { inputPerToken: 1e-6, outputPerToken: 2e-6, cacheReadPerToken: 1e-7 } },
        { model: "negative", priceJson: { inputPerToken: -1, outputPerToken: 2e-6 } },
        { model: "unknown-field", priceJson: { inputPerToken: 1e-6, outputPerToken: 2e-6, perImage: 1 } },
        { model: "not-an-object", priceJson: "1e-6" },
      ],
      4,
    );
    expect(invalid).toEqual(["negative", "unknown-field", "not-an-object"]);
    expect(lookup.version).toBe(4);
    expect(lookup.importedCount).toBe(1);
    expect(lookup.find("openai", "good")?.price).toEqual({
      inputPerToken: 1e-6,
      outputPerToken: 2e-6,
      cacheReadPerToken: 1e-7,
    });
  });

  it("after a cleared import (version > 0, no rows) prices from the built-in table only", () => {
    const { lookup } = priceTableFromRows([], 9);
    expect(lookup.version).toBe(9);
    expect(lookup.find("openai", "gpt-4o")?.source).toBe("builtin");
  });
});

describe("config resolution with a price lookup", () => {
  const parsed = parseConfigText(
    `
model_list:
  - { model_name: sonnet, litellm_params: { model: anthropic/claude-sonnet-4-5 } }
  - { model_name: fixed, litellm_params: { model: anthropic/claude-sonnet-4-5, input_cost_per_token: 0.000009, output_cost_per_token: 0.000019 } }
  - { model_name: new-model, litellm_params: { model: openai/gpt-9 } }
  - { model_name: "anthropic/*", litellm_params: { model: "anthropic/*" } }
`,
    "yaml",
  );
  if (!parsed.ok) throw new Error("fixture invalid");
  const lookup = priceTableLookup(
    new Map([
      ["claude-sonnet-4-5", price(1e-6, 2e-6)],
      ["gpt-9", price(4e-6, 8e-6, { mode: "responses" })],
      ["claude-new-5", price(7e-6, 9e-6)],
    ]),
    2,
  );
  const config = resolveGatewayConfig(parsed.config, 1, {}, lookup);

  it("prices deployments config first, then imported, then built-in", () => {
    expect(config.prices).toBe(lookup);
    expect(config.deploymentsByGroup.get("sonnet")?.[0]?.pricing).toEqual({
      inputPerToken: 1e-6,
      outputPerToken: 2e-6,
      source: "price-table",
    });
    expect(config.deploymentsByGroup.get("fixed")?.[0]?.pricing).toEqual({
      inputPerToken: 9e-6,
      outputPerToken: 1.9e-5,
      source: "config",
    });
    expect(config.deploymentsByGroup.get("new-model")?.[0]).toMatchObject({
      pricing: { inputPerToken: 4e-6, outputPerToken: 8e-6, source: "price-table" },
      requiredFormat: "openai-responses",
    });
  });

  it("prices a wildcard's concrete model from the same lookup, built-in behind it", () => {
    expect(resolveModelGroup(config, "anthropic/claude-new-5").deployments[0]?.pricing).toEqual({
      inputPerToken: 7e-6,
      outputPerToken: 9e-6,
      source: "price-table",
    });
    expect(resolveModelGroup(config, "anthropic/claude-haiku-4-5").deployments[0]?.pricing).toEqual({
      ...BUILTIN_PRICES.get("claude-haiku-4-5"),
      source: "price-table",
    });
    // An explicit lookup overrides the config's own.
    expect(
      resolveModelGroup(config, "anthropic/claude-new-5", BUILTIN_PRICE_LOOKUP).deployments[0]?.pricing,
    ).toBeUndefined();
  });

  it("without a lookup resolves against the built-in table, as before any import", () => {
    const builtin = resolveGatewayConfig(parsed.config, 1, {});
    expect(builtin.prices).toBe(BUILTIN_PRICE_LOOKUP);
    expect(builtin.deploymentsByGroup.get("sonnet")?.[0]?.pricing?.inputPerToken).toBe(3e-6);
    expect(builtin.deploymentsByGroup.get("new-model")?.[0]?.pricing).toBeUndefined();
  });
});
