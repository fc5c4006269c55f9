import { describe, expect, it } from "vitest";
import { type CooldownSettings, CooldownTracker } from "../../../workers/core/routing/cooldown-tracker.ts";
import type { FailureClass } from "../../../workers/core/routing/failure-class.ts";
import { T0 } from "./routing-test-helpers.ts";

const LITELLM_DEFAULTS: CooldownSettings = { allowedFails: 3, cooldownTimeMs: 5_000, disabled: false };

function tracker(settings: Partial<CooldownSettings> = {}) {
  return new CooldownTracker({ ...LITELLM_DEFAULTS, ...settings });
}

describe("CooldownTracker: when a deployment is cooled down", () => {
  const immediate: { failureClass: FailureClass; groupSize: number; outcome: string }[] = [
    { failureClass: "rate_limit", groupSize: 2, outcome: "cooled" },
    { failureClass: "rate_limit", groupSize: 1, outcome: "ignored" },
    { failureClass: "auth", groupSize: 1, outcome: "cooled" },
    { failureClass: "not_found", groupSize: 3, outcome: "cooled" },
    { failureClass: "server", groupSize: 2, outcome: "counted" },
    { failureClass: "timeout", groupSize: 2, outcome: "counted" },
    { failureClass: "connection", groupSize: 2, outcome: "counted" },
    { failureClass: "bad_request", groupSize: 2, outcome: "ignored" },
    { failureClass: "context_window", groupSize: 2, outcome: "ignored" },
    { failureClass: "content_policy", groupSize: 2, outcome: "ignored" },
  ];
  for (const row of immediate) {
    it(`one ${row.failureClass} in a group of ${row.groupSize}: ${row.outcome}`, () => {
      const cooldowns = tracker();
      expect(cooldowns.recordFailure("east", row.failureClass, T0, row.groupSize)).toBe(row.outcome);
      expect(cooldowns.isCoolingDown("east", T0 + 1)).toBe(row.outcome === "cooled");
    });
  }

  it("cools down on the failure after allowed_fails within a minute, for cooldown_time", () => {
    const cooldowns = tracker();
    const outcomes = [0, 10_000, 20_000, 30_000].map((at) => cooldowns.recordFailure("east", "server", T0 + at, 1));
    expect(outcomes).toEqual(["counted", "counted", "counted", "cooled"]);
    expect(cooldowns.state("east", T0 + 30_000)).toBe("cooling");
    expect(cooldowns.remainingMs("east", T0 + 31_000)).toBe(4_000);
    expect(cooldowns.state("east", T0 + 35_000)).toBe("probe-ready");
    expect(cooldowns.isCoolingDown("east", T0 + 35_000)).toBe(false);
  });

  it("forgets failures older than the window", () => {
    const cooldowns = tracker();
    const outcomes = [0, 10_000, 20_000, 70_001].map((at) => cooldowns.recordFailure("east", "server", T0 + at, 1));
    expect(outcomes).toEqual(["counted", "counted", "counted", "counted"]);
  });

  it("cools down when over half of at least 5 requests this minute failed, except a group's only deployment", () => {
    const cooldowns = tracker({ allowedFails: 100 });
    cooldowns.recordSuccess("east", T0);
    cooldowns.recordSuccess("east", T0 + 1);
    expect(cooldowns.recordFailure("east", "server", T0 + 2, 2)).toBe("counted");
    expect(cooldowns.recordFailure("east", "server", T0 + 3, 2)).toBe("counted");
    // 3 of 5 failed.
    expect(cooldowns.recordFailure("east", "server", T0 + 4, 2)).toBe("cooled");

    const single = tracker({ allowedFails: 100 });
    for (const at of [0, 1, 2, 3, 4, 5]) expect(single.recordFailure("only", "server", T0 + at, 1)).toBe("counted");
  });

  it("uses a deployment's own allowed_fails and cooldown_time", () => {
    const cooldowns = tracker();
    expect(cooldowns.recordFailure("flaky", "server", T0, 2, { allowedFails: 0, cooldownTimeMs: 60_000 })).toBe(
      "cooled",
    );
    expect(cooldowns.remainingMs("flaky", T0)).toBe(60_000);
    expect(cooldowns.recordFailure("never", "rate_limit", T0, 2, { cooldownTimeMs: 0 })).toBe("ignored");
  });

  it("does nothing with disable_cooldowns", () => {
    expect(tracker({ disabled: true }).recordFailure("east", "auth", T0, 2)).toBe("ignored");
  });
});

describe("CooldownTracker: the half-open probe", () => {
  function cooled() {
    const cooldowns = tracker();
    cooldowns.recordFailure("east", "rate_limit", T0, 2);
    return cooldowns;
  }

  it("lets one request through after the cooldown; others wait while it is out", () => {
    const cooldowns = cooled();
    cooldowns.beginAttempt("east", T0 + 5_000);
    expect(cooldowns.state("east", T0 + 5_001)).toBe("probing");
    expect(cooldowns.isCoolingDown("east", T0 + 5_001)).toBe(true);
  });

  it("closes on the probe's success", () => {
    const cooldowns = cooled();
    cooldowns.beginAttempt("east", T0 + 5_000);
    cooldowns.recordSuccess("east", T0 + 6_000);
    expect(cooldowns.state("east", T0 + 6_000)).toBe("healthy");
  });

  it("opens again at once on the probe's failure", () => {
    const cooldowns = cooled();
    cooldowns.beginAttempt("east", T0 + 5_000);
    expect(cooldowns.recordFailure("east", "server", T0 + 6_000, 2)).toBe("cooled");
    expect(cooldowns.state("east", T0 + 6_000)).toBe("cooling");
    expect(cooldowns.remainingMs("east", T0 + 6_000)).toBe(5_000);
  });

  it("counts a probe answered with a bad request as a pass", () => {
    const cooldowns = cooled();
    cooldowns.beginAttempt("east", T0 + 5_000);
    expect(cooldowns.recordFailure("east", "bad_request", T0 + 5_500, 2)).toBe("ignored");
    expect(cooldowns.state("east", T0 + 5_500)).toBe("healthy");
  });

  it("frees a probe that never reports back after the probe timeout", () => {
    const cooldowns = cooled();
    cooldowns.beginAttempt("east", T0 + 5_000);
    expect(cooldowns.state("east", T0 + 64_999)).toBe("probing");
    expect(cooldowns.state("east", T0 + 65_000)).toBe("probe-ready");
  });

  it("ignores a success from a request sent before the cooldown began", () => {
    const cooldowns = cooled();
    cooldowns.recordSuccess("east", T0 + 1_000);
    expect(cooldowns.state("east", T0 + 1_000)).toBe("cooling");
  });
});

describe("CooldownTracker: snapshot and shared state", () => {
  it("snapshots every deployment it has seen, for the admin health view", () => {
    const cooldowns = tracker();
    cooldowns.recordFailure("west", "server", T0, 2);
    cooldowns.recordFailure("east", "rate_limit", T0, 2);
    expect(cooldowns.snapshot(T0 + 1_000)).toEqual([
      {
        deploymentId: "east",
        state: "cooling",
        cooldownUntil: T0 + 5_000,
        recentFailures: 0,
        lastFailureClass: "rate_limit",
      },
      {
        deploymentId: "west",
        state: "healthy",
        cooldownUntil: undefined,
        recentFailures: 1,
        lastFailureClass: "server",
      },
    ]);
  });

  it("exports plain JSON another isolate merges: the later cooldown wins, failures join", () => {
    const here = tracker();
    here.recordFailure("east", "rate_limit", T0, 2);
    here.recordFailure("west", "server", T0 + 100, 2);
    const exported = JSON.parse(JSON.stringify(here.exportState()));
    expect(exported).toEqual({
      version: 1,
      deployments: {
        east: { failures: [], lastFailureClass: "rate_limit", cooldownUntil: T0 + 5_000 },
        west: { failures: [T0 + 100], lastFailureClass: "server" },
      },
    });

    const there = tracker();
    there.recordFailure("east", "auth", T0 + 2_000, 2);
    there.recordFailure("west", "server", T0 + 200, 2);
    expect(there.importState(exported)).toBe(true);
    expect(there.remainingMs("east", T0 + 2_000)).toBe(5_000);
    expect(there.snapshot(T0 + 300).find((entry) => entry.deploymentId === "west")?.recentFailures).toBe(2);
    // Two more failures make four within the minute: over allowed_fails.
    expect(there.recordFailure("west", "server", T0 + 400, 2)).toBe("counted");
    expect(there.recordFailure("west", "server", T0 + 500, 2)).toBe("cooled");
  });

  it("rejects anything that is not an export, changing nothing", () => {
    const cooldowns = tracker();
    expect(cooldowns.importState({ version: 2, deployments: {} })).toBe(false);
    expect(cooldowns.importState({ version: 1, deployments: { east: { failures: ["x"] } } })).toBe(false);
    expect(cooldowns.snapshot(T0)).toEqual([]);
  });
});
