import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../../workers/core/config/parse-config-text.ts";
import { resolveGatewayConfig } from "../../../workers/core/config/resolve-gateway-config.ts";
import type { Usage } from "../../../workers/core/ir/usage.ts";
import { BUILTIN_PRICES, findModelPrice } from "../../../workers/core/pricing/builtin-prices.ts";
import { computeCostUsd } from "../../../workers/core/pricing/compute-cost.ts";
import { importLitellmCostMap } from "../../../workers/core/pricing/import-litellm-cost-map.ts";

// LiteLLM's cost map (MIT), read at build time from ../shared; the project ships no copy.
const costMaps = import.meta.glob<unknown>("../../../../shared/data/litellm-model-prices.json", {
  import: "default",
  eager: true,
});
const costMap = Object.values(costMaps)[0];

function usage(input: number, output: number, cacheRead = 0, cacheWrite = 0): Usage {
  return {
    inputTokens: { total: input + cacheRead + cacheWrite, noCache: input, cacheRead, cacheWrite },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

describe("importLitellmCostMap", () => {
  const imported = importLitellmCostMap(costMap);

  it("reads thousands of chat models with their cache and long-context prices", () => {
    expect(imported.prices.size).toBeGreaterThan(1500);
    expect(imported.prices.get("claude-sonnet-4-5")).toEqual({
      inputPerToken: 3e-6,
      outputPerToken: 1.5e-5,
      cacheReadPerToken: 3e-7,
      cacheWritePerToken: 3.75e-6,
      longContext: {
        thresholdTokens: 200_000,
        inputPerToken: 6e-6,
        outputPerToken: 2.25e-5,
        cacheReadPerToken: 6e-7,
        cacheWritePerToken: 7.5e-6,
      },
      mode: "chat",
      maxInputTokens: 200_000,
    });
    expect(imported.prices.get("gpt-5-codex")?.mode).toBe("responses");
    expect(imported.prices.has("sample_spec")).toBe(false);
    expect(imported.skipped.some((entry) => entry.reason === "no per-token prices")).toBe(true);
  });

  it("rejects a document that is not an object", () => {
    expect(importLitellmCostMap([1, 2]).skipped).toEqual([{ model: "(root)", reason: "not a JSON object" }]);
  });

  it("agrees with every entry of the built-in table", () => {
    for (const [model, builtin] of BUILTIN_PRICES) {
      const listed = imported.prices.get(model);
      expect(listed, model).toBeDefined();
      expect(builtin.inputPerToken).toBeCloseTo(listed?.inputPerToken ?? Number.NaN, 15);
      expect(builtin.outputPerToken).toBeCloseTo(listed?.outputPerToken ?? Number.NaN, 15);
      expect(builtin.cacheReadPerToken ?? 0).toBeCloseTo(listed?.cacheReadPerToken ?? 0, 15);
      expect(builtin.longContext?.inputPerToken ?? 0).toBeCloseTo(listed?.longContext?.inputPerToken ?? 0, 15);
    }
  });
});

describe("computeCostUsd", () => {
  const sonnet = BUILTIN_PRICES.get("claude-sonnet-4-5");

  it("prices uncached input, cache reads, cache writes and output separately", () => {
    expect(computeCostUsd(usage(1000, 500, 10_000, 2000), sonnet)).toBeCloseTo(
      1000 * 3e-6 + 10_000 * 3e-7 + 2000 * 3.75e-6 + 500 * 1.5e-5,
      12,
    );
  });

  it("prices the whole request at the long-context rates above 200k input tokens", () => {
    expect(computeCostUsd(usage(150_000, 1000, 60_000), sonnet)).toBeCloseTo(
      150_000 * 6e-6 + 60_000 * 6e-7 + 1000 * 2.25e-5,
      12,
    );
    expect(computeCostUsd(usage(200_000, 1000), sonnet)).toBeCloseTo(200_000 * 3e-6 + 1000 * 1.5e-5, 12);
  });

  it("returns undefined, not zero, for an unknown price", () => {
    expect(computeCostUsd(usage(10, 10), undefined)).toBeUndefined();
  });
});

describe("deployment pricing", () => {
  const parsed = parseConfigText(
    `
model_list:
  - { model_name: a, litellm_params: { model: anthropic/claude-sonnet-4-5 } }
  - { model_name: b, litellm_params: { model: anthropic/claude-sonnet-4-5, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } }
  - { model_name: c, litellm_params: { model: groq/llama-3.3-70b-versatile } }
  - { model_name: d, litellm_params: { model: openai/gpt-5-codex } }
  - { model_name: e, litellm_params: { model: hosted_vllm/my-own-model, api_base: "http://x" } }
`,
    "yaml",
  );
  if (!parsed.ok) throw new Error("fixture invalid");
  const groups = resolveGatewayConfig(parsed.config, 1, {}).deploymentsByGroup;

  it("falls back from the config's prices to the price table, provider-prefixed names included", () => {
    expect(groups.get("a")?.[0]?.pricing).toMatchObject({ inputPerToken: 3e-6, source: "price-table" });
    expect(groups.get("b")?.[0]?.pricing).toEqual({ inputPerToken: 1e-6, outputPerToken: 2e-6, source: "config" });
    expect(groups.get("c")?.[0]?.pricing).toMatchObject({ inputPerToken: 5.9e-7, source: "price-table" });
    expect(groups.get("e")?.[0]?.pricing).toBeUndefined();
    expect(findModelPrice(BUILTIN_PRICES, "groq", "llama-3.3-70b-versatile")?.outputPerToken).toBeCloseTo(7.9e-7, 15);
  });

  it("marks Responses-only models from the table's mode", () => {
    expect(groups.get("d")?.[0]?.requiredFormat).toBe("openai-responses");
    expect(groups.get("a")?.[0]?.requiredFormat).toBeUndefined();
  });
});
