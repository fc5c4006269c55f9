import { describe, expect, it } from "vitest";
import { costBasedRouting, costPerToken } from "../../../workers/core/routing/cost-based-routing.ts";
import { latencyBasedRouting } from "../../../workers/core/routing/latency-based-routing.ts";
import { leastBusy } from "../../../workers/core/routing/least-busy.ts";
import { routingStrategyFor } from "../../../workers/core/routing/routing-strategy.ts";
import {
  parseRoutingStrategyName,
  ROUTING_STRATEGY_NAMES,
} from "../../../workers/core/routing/routing-strategy-name.ts";
import { shuffleWeights, simpleShuffle } from "../../../workers/core/routing/simple-shuffle.ts";
import { usageBasedRouting } from "../../../workers/core/routing/usage-based-routing.ts";
import { deployment, fixedStats, strategyContext } from "./routing-test-helpers.ts";

const pickId = (picked: { id: string } | undefined) => picked?.id;

describe("strategy names", () => {
  it("knows LiteLLM's six strategies and maps each to a function", () => {
    expect(ROUTING_STRATEGY_NAMES).toEqual([
      "simple-shuffle",
      "least-busy",
      "latency-based-routing",
      "usage-based-routing",
      "usage-based-routing-v2",
      "cost-based-routing",
    ]);
    expect(routingStrategyFor("usage-based-routing")).toBe(routingStrategyFor("usage-based-routing-v2"));
    expect(routingStrategyFor("simple-shuffle")).toBe(simpleShuffle);
  });

  it("falls back to simple-shuffle for an unknown name, with a warning", () => {
    expect(parseRoutingStrategyName(undefined)).toEqual({ strategy: "simple-shuffle" });
    expect(parseRoutingStrategyName("least-busy")).toEqual({ strategy: "least-busy" });
    expect(parseRoutingStrategyName("custom")).toEqual({
      strategy: "simple-shuffle",
      warning: "router_settings.routing_strategy: 'custom' is not supported; using simple-shuffle",
    });
  });
});

describe("simple-shuffle", () => {
  const weighted = [
    deployment("a", { weight: 9, weightConfigured: true }),
    deployment("b", { weightConfigured: true }),
  ];
  const byRpm = [deployment("a", { rpm: 900 }), deployment("b", { rpm: 100 })];
  const byTpm = [deployment("a", { tpm: 1000 }), deployment("b", { tpm: 3000 })];
  const plain = [deployment("a"), deployment("b"), deployment("c"), deployment("d")];

  it("weighs by weight, else rpm, else tpm, else uniformly", () => {
    expect(shuffleWeights(weighted)).toEqual([9, 1]);
    expect(shuffleWeights(byRpm)).toEqual([900, 100]);
    expect(shuffleWeights(byTpm)).toEqual([1000, 3000]);
    expect(shuffleWeights(plain)).toEqual([1, 1, 1, 1]);
    // A configured weight wins over rpm; a deployment without the rpm the group is weighed by gets 0.
    expect(shuffleWeights([deployment("a", { rpm: 10, weight: 2, weightConfigured: true }), deployment("b")])).toEqual([
      2, 1,
    ]);
    expect(shuffleWeights([deployment("a", { rpm: 10 }), deployment("b")])).toEqual([10, 0]);
  });

  const draws = [
    { name: "weight 9:1", candidates: weighted, random: 0.89, picked: "a" },
    { name: "weight 9:1", candidates: weighted, random: 0.9, picked: "b" },
    { name: "rpm 900:100", candidates: byRpm, random: 0.899, picked: "a" },
    { name: "rpm 900:100", candidates: byRpm, random: 0.95, picked: "b" },
    { name: "tpm 1000:3000", candidates: byTpm, random: 0.2, picked: "a" },
    { name: "tpm 1000:3000", candidates: byTpm, random: 0.25, picked: "b" },
    { name: "uniform", candidates: plain, random: 0.5, picked: "c" },
    { name: "uniform", candidates: plain, random: 0.999, picked: "d" },
    {
      name: "all weights zero: uniform",
      candidates: [
        deployment("a", { weight: 0, weightConfigured: true }),
        deployment("b", { weight: 0, weightConfigured: true }),
      ],
      random: 0.6,
      picked: "b",
    },
  ];
  for (const draw of draws) {
    it(`${draw.name}: random ${draw.random} picks ${draw.picked}`, () => {
      expect(pickId(simpleShuffle(draw.candidates, strategyContext({ random: () => draw.random })))).toBe(draw.picked);
    });
  }
});

describe("least-busy", () => {
  const candidates = [deployment("a"), deployment("b"), deployment("c")];
  it("picks the fewest in flight, ties at random", () => {
    const stats = fixedStats({ a: { inFlight: 3 }, b: { inFlight: 1 }, c: { inFlight: 1 } });
    expect(pickId(leastBusy(candidates, strategyContext({ stats, random: () => 0 })))).toBe("b");
    expect(pickId(leastBusy(candidates, strategyContext({ stats, random: () => 0.99 })))).toBe("c");
    expect(
      pickId(leastBusy(candidates, strategyContext({ stats: fixedStats({ a: { inFlight: 0 } }), random: () => 0.5 }))),
    ).toBe("b");
  });
});

describe("latency-based-routing", () => {
  const candidates = [deployment("prod-1"), deployment("prod-2"), deployment("prod-3"), deployment("prod-5")];
  // The example of https://docs.litellm.ai/docs/routing "Set Lowest Latency Buffer".
  const stats = fixedStats({
    "prod-1": { latencyMs: 70 },
    "prod-2": { latencyMs: 100 },
    "prod-3": { latencyMs: 100, timeToFirstTokenMs: 20 },
    "prod-5": { latencyMs: 4660 },
  });

  it("picks the lowest mean latency", () => {
    expect(pickId(latencyBasedRouting(candidates, strategyContext({ stats })))).toBe("prod-1");
  });

  it("ranks streams by time to first token where known", () => {
    expect(pickId(latencyBasedRouting(candidates, strategyContext({ stats, stream: true })))).toBe("prod-3");
  });

  it("with a 50% buffer, picks at random among those within 50% of the fastest", () => {
    const context = (random: number) => strategyContext({ stats, lowestLatencyBuffer: 0.5, random: () => random });
    expect(pickId(latencyBasedRouting(candidates, context(0)))).toBe("prod-1");
    expect(pickId(latencyBasedRouting(candidates, context(0.5)))).toBe("prod-2");
    expect(pickId(latencyBasedRouting(candidates, context(0.99)))).toBe("prod-3");
  });

  it("tries a deployment with no samples yet first", () => {
    const fresh = [...candidates, deployment("prod-new")];
    expect(pickId(latencyBasedRouting(fresh, strategyContext({ stats })))).toBe("prod-new");
  });

  it("skips a deployment at its rpm, and gives up when all are", () => {
    const limited = fixedStats({ a: { latencyMs: 10, requestsThisMinute: 5 }, b: { latencyMs: 500 } });
    const pair = [deployment("a", { rpm: 5 }), deployment("b")];
    expect(pickId(latencyBasedRouting(pair, strategyContext({ stats: limited })))).toBe("b");
    expect(latencyBasedRouting([deployment("a", { rpm: 5 })], strategyContext({ stats: limited }))).toBeUndefined();
  });
});

describe("usage-based-routing(-v2)", () => {
  const candidates = [
    deployment("east", { tpm: 100_000, rpm: 1000 }),
    deployment("west", { tpm: 100_000, rpm: 10 }),
    deployment("openai"),
  ];
  const rows = [
    {
      name: "the lowest tpm this minute",
      usage: { east: { tokensThisMinute: 500 }, west: { tokensThisMinute: 100 }, openai: { tokensThisMinute: 900 } },
      inputTokens: 0,
      picked: "west",
    },
    {
      name: "not one this request would push over its rpm",
      usage: {
        east: { tokensThisMinute: 500 },
        west: { tokensThisMinute: 100, requestsThisMinute: 10 },
        openai: { tokensThisMinute: 900 },
      },
      inputTokens: 0,
      picked: "east",
    },
    {
      name: "not one this request would push over its tpm",
      usage: {
        east: { tokensThisMinute: 99_000 },
        west: { tokensThisMinute: 99_500 },
        openai: { tokensThisMinute: 150_000 },
      },
      inputTokens: 2_000,
      picked: "openai",
    },
    {
      name: "on equal tpm, the lowest rpm",
      usage: { east: { requestsThisMinute: 4 }, west: { requestsThisMinute: 2 }, openai: { requestsThisMinute: 3 } },
      inputTokens: 0,
      picked: "west",
    },
  ];
  for (const row of rows) {
    it(`picks ${row.picked}: ${row.name}`, () => {
      const context = strategyContext({ stats: fixedStats(row.usage), inputTokens: row.inputTokens });
      expect(pickId(usageBasedRouting(candidates, context))).toBe(row.picked);
    });
  }

  it("returns nothing when every deployment is at its limit", () => {
    const full = fixedStats({ east: { requestsThisMinute: 1000 }, west: { requestsThisMinute: 10 } });
    expect(usageBasedRouting(candidates.slice(0, 2), strategyContext({ stats: full }))).toBeUndefined();
  });
});

describe("cost-based-routing", () => {
  const price = (input: number, output: number) => ({
    inputPerToken: input,
    outputPerToken: output,
    source: "config" as const,
  });
  // The example of https://docs.litellm.ai/docs/routing "Using Custom Input/Output pricing".
  const candidates = [
    deployment("chatgpt-v-experimental", { pricing: price(0.00003, 0.00003) }),
    deployment("chatgpt-v-1", { pricing: price(0.000000001, 0.00000001) }),
    deployment("chatgpt-v-5", { pricing: price(10, 12) }),
    deployment("unpriced"),
  ];

  it("picks the cheapest, an unknown price last", () => {
    expect(pickId(costBasedRouting(candidates, strategyContext()))).toBe("chatgpt-v-1");
    expect(costPerToken(candidates[3] ?? deployment("x"))).toBe(Number.POSITIVE_INFINITY);
    expect(pickId(costBasedRouting([candidates[3] ?? deployment("x")], strategyContext()))).toBe("unpriced");
  });

  it("passes over the cheapest when it is at its rpm", () => {
    const limited = [
      deployment("cheap", { pricing: price(1, 1), rpm: 1 }),
      deployment("dear", { pricing: price(2, 2) }),
    ];
    const stats = fixedStats({ cheap: { requestsThisMinute: 1 } });
    expect(pickId(costBasedRouting(limited, strategyContext({ stats })))).toBe("dear");
  });

  it("keeps config order on a tie", () => {
    const tie = [deployment("first", { pricing: price(1, 1) }), deployment("second", { pricing: price(1, 1) })];
    expect(pickId(costBasedRouting(tie, strategyContext()))).toBe("first");
  });
});
