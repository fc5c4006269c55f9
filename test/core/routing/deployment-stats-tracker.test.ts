import { describe, expect, it } from "vitest";
import {
  DeploymentStatsTracker,
  TIMEOUT_LATENCY_PENALTY_MS,
} from "../../../workers/core/routing/deployment-stats-tracker.ts";
import { T0 } from "./routing-test-helpers.ts";

const HOUR = 3_600_000;

describe("DeploymentStatsTracker", () => {
  it("counts in-flight requests and this minute's requests and tokens", () => {
    const tracker = new DeploymentStatsTracker();
    tracker.onStart("a", T0);
    tracker.onStart("a", T0 + 1_000);
    expect(tracker.usage("a", T0 + 2_000, HOUR)).toEqual({
      inFlight: 2,
      latencyMs: undefined,
      timeToFirstTokenMs: undefined,
      requestsThisMinute: 2,
      tokensThisMinute: 0,
    });
    tracker.onEnd("a", { latencyMs: 800, tokens: 1_200, ok: true }, T0 + 3_000);
    expect(tracker.usage("a", T0 + 3_000, HOUR)).toMatchObject({
      inFlight: 1,
      requestsThisMinute: 2,
      tokensThisMinute: 1_200,
    });
  });

  it("starts the minute's counts afresh when the minute turns, keeping in-flight", () => {
    const tracker = new DeploymentStatsTracker();
    tracker.onStart("a", T0 + 59_000);
    expect(tracker.usage("a", T0 + 60_000, HOUR)).toMatchObject({ inFlight: 1, requestsThisMinute: 0 });
    tracker.onEnd("a", { latencyMs: 900, tokens: 50, ok: true }, T0 + 61_000);
    expect(tracker.usage("a", T0 + 61_000, HOUR)).toMatchObject({
      inFlight: 0,
      requestsThisMinute: 0,
      tokensThisMinute: 50,
    });
  });

  it("averages the latency of the last ten successes within the window, and stream TTFT apart", () => {
    const tracker = new DeploymentStatsTracker();
    for (let index = 0; index < 12; index++) {
      tracker.onStart("a", T0 + index);
      tracker.onEnd("a", { latencyMs: (index + 1) * 100, tokens: 1, ok: true }, T0 + index);
    }
    // Samples 3..12 (×100 ms) remain: mean 750.
    expect(tracker.usage("a", T0 + 100, HOUR).latencyMs).toBe(750);
    tracker.onStart("a", T0 + 200);
    tracker.onEnd("a", { latencyMs: 2_000, timeToFirstTokenMs: 300, tokens: 1, ok: true }, T0 + 200);
    // The oldest (300 ms) drops out: (400 + … + 1200 + 2000) / 10.
    expect(tracker.usage("a", T0 + 200, HOUR)).toMatchObject({ latencyMs: 920, timeToFirstTokenMs: 300 });
    // A one-second window sees no sample.
    expect(tracker.usage("a", T0 + 10_000, 1_000)).toMatchObject({
      latencyMs: undefined,
      timeToFirstTokenMs: undefined,
    });
  });

  it("adds no latency for a failure, and a penalty for a timeout", () => {
    const tracker = new DeploymentStatsTracker();
    tracker.onStart("a", T0);
    tracker.onEnd("a", { latencyMs: 5, tokens: 0, ok: false }, T0);
    expect(tracker.usage("a", T0, HOUR).latencyMs).toBeUndefined();
    tracker.onStart("a", T0);
    tracker.onEnd("a", { latencyMs: 30_000, tokens: 0, ok: false, timedOut: true }, T0);
    expect(tracker.usage("a", T0, HOUR).latencyMs).toBe(TIMEOUT_LATENCY_PENALTY_MS);
  });

  it("reports an unseen deployment as idle and unknown", () => {
    expect(new DeploymentStatsTracker().usage("never", T0, HOUR)).toEqual({
      inFlight: 0,
      latencyMs: undefined,
      timeToFirstTokenMs: undefined,
      requestsThisMinute: 0,
      tokensThisMinute: 0,
    });
  });
});
