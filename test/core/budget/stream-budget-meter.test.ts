import { describe, expect, it } from "vitest";
import { StreamBudgetMeter } from "../../../workers/core/budget/stream-budget-meter.ts";

const pricing = { inputPerToken: 0.000003, outputPerToken: 0.000015 };
const SLICE_TOKENS = 1000;
const SLICE_USD = SLICE_TOKENS * pricing.outputPerToken;

/** A budget counter in memory: grants slices while the total held stays within `budgetUsd`. */
function scopeWithBudget(budgetUsd: number, initialUsd: number) {
  const state = { held: initialUsd, extendCalls: 0 };
  const extend = async (amountUsd: number) => {
    state.extendCalls += 1;
    if (state.held + amountUsd > budgetUsd + 1e-12) return false;
    state.held += amountUsd;
    return true;
  };
  return { state, extend };
}

/** Feeds `chunks` chunks of `characters` output characters; returns how many were passed on before a cut. */
async function run(meter: StreamBudgetMeter, chunks: number, characters: number): Promise<number> {
  for (let index = 0; index < chunks; index++) {
    meter.addOutput(characters);
    if (meter.needsCheck() && (await meter.check()) === "cut") return index + 1;
  }
  return chunks;
}

describe("StreamBudgetMeter", () => {
  it("keeps what the client receives within the grant plus the chunk that crossed it, and the grant within the budget", async () => {
    for (const [budget, chunkCharacters] of [
      [0.05, 300],
      [0.2, 30],
      [0.031, 3000],
      [1, 900],
    ] as const) {
      const initial = 100 * pricing.inputPerToken + SLICE_USD;
      const scope = scopeWithBudget(budget, initial);
      const meter = new StreamBudgetMeter({
        pricing,
        inputTokens: 100,
        sliceTokens: SLICE_TOKENS,
        grantedUsd: initial,
        extend: scope.extend,
      });
      await run(meter, 100_000, chunkCharacters);
      const chunkUsd = (chunkCharacters / 3) * pricing.outputPerToken;
      const produced = meter.producedUsd() ?? Number.NaN;
      expect(scope.state.held).toBeLessThanOrEqual(budget + 1e-12);
      expect(produced).toBeLessThanOrEqual(scope.state.held + chunkUsd + 1e-12);
      // It was cut only once the budget could not grant another slice.
      expect(produced).toBeGreaterThan(budget - SLICE_USD - 1e-12);
    }
  });

  it("asks for the next slice in the background, half a slice ahead, and waits only when the grant is crossed", async () => {
    let resolveGrant: (granted: boolean) => void = () => {};
    let asked = 0;
    const meter = new StreamBudgetMeter({
      pricing,
      inputTokens: 0,
      sliceTokens: SLICE_TOKENS,
      grantedUsd: SLICE_USD,
      extend: () => {
        asked += 1;
        return new Promise<boolean>((resolve) => {
          resolveGrant = resolve;
        });
      },
    });
    meter.addOutput(3 * 400); // 400 tokens: more than half a slice of headroom left
    expect(meter.needsCheck()).toBe(false);
    meter.addOutput(3 * 200); // 600 tokens: under half a slice left
    expect(await meter.check()).toBe("continue");
    expect(asked).toBe(1);
    meter.addOutput(3 * 500); // 1100 tokens: past the grant; must wait for the answer
    const verdict = meter.check();
    resolveGrant(true);
    expect(await verdict).toBe("continue");
    expect(meter.granted).toBeCloseTo(2 * SLICE_USD, 12);
  });

  it("cuts when a scope refuses, and never when unpriced", async () => {
    const refusing = new StreamBudgetMeter({
      pricing,
      inputTokens: 0,
      sliceTokens: SLICE_TOKENS,
      grantedUsd: SLICE_USD,
      extend: async () => false,
    });
    expect(await run(refusing, 100, 300)).toBe(11);

    let asked = 0;
    const unpriced = new StreamBudgetMeter({
      pricing: undefined,
      inputTokens: 0,
      sliceTokens: SLICE_TOKENS,
      grantedUsd: 0,
      extend: async () => {
        asked += 1;
        return false;
      },
    });
    expect(await run(unpriced, 100, 3000)).toBe(100);
    expect(asked).toBe(0);
    expect(unpriced.producedUsd()).toBeUndefined();
  });

  it("treats a failed top-up as a refusal", async () => {
    const meter = new StreamBudgetMeter({
      pricing,
      inputTokens: 0,
      sliceTokens: SLICE_TOKENS,
      grantedUsd: SLICE_USD,
      extend: async () => {
        throw new Error("Durable Object unreachable");
      },
    });
    meter.addOutput(3 * 1200);
    expect(await meter.check()).toBe("cut");
  });
});
