import { describe, expect, it } from "vitest";
import { chargeableUsage } from "../../../workers/core/budget/chargeable-usage.ts";

describe("chargeableUsage", () => {
  it("keeps what the upstream reported and raises only what it under-reported", () => {
    const reported = {
      inputTokens: { total: 900, noCache: 100, cacheRead: 800, cacheWrite: 0 },
      outputTokens: { total: 1, text: 1, reasoning: 0 },
    };
    expect(chargeableUsage(reported, { inputTokens: 5000, outputTokens: 420 })).toEqual({
      inputTokens: { total: 900, noCache: 100, cacheRead: 800, cacheWrite: 0 },
      outputTokens: { total: 420, text: 420, reasoning: 0 },
    });
  });

  it("charges the input estimate when the upstream never reported input (OpenAI reports usage last)", () => {
    expect(chargeableUsage(undefined, { inputTokens: 250, outputTokens: 30 })).toEqual({
      inputTokens: { total: 250, noCache: 250, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 30, text: 30, reasoning: 0 },
    });
  });

  it("never charges less output than reported", () => {
    const reported = {
      inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 500, text: 300, reasoning: 200 },
    };
    expect(chargeableUsage(reported, { inputTokens: 10, outputTokens: 100 }).outputTokens).toEqual({
      total: 500,
      text: 300,
      reasoning: 200,
    });
  });
});
