import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { RoutingHealth } from "../../durable-objects/routing-health.ts";
import type { HealthReport } from "../../durable-objects/routing-health-rpc.ts";

/** 12:00:30 UTC: well inside a minute, so T + a few seconds is the same minute. */
const T = Date.UTC(2026, 0, 15, 12, 0, 30);
const MINUTE = 60_000;
const minuteOf = (at: number) => Math.floor(at / MINUTE);

/** A fresh object per test: storage outlives a single test. */
const freshHealth = () => env.ROUTING_HEALTH.getByName(`test-${crypto.randomUUID()}`);
type Health = ReturnType<typeof freshHealth>;

/**
 * The TypeError a call throws, called in the object: a rejecting RPC through the stub leaks an
 * unhandled rejection in vitest-pool-workers (cloudflare/workers-sdk#14736), though the caller gets it.
 */
function messageOf(health: Health, call: (instance: RoutingHealth) => Promise<unknown>): Promise<string> {
  return runInDurableObject(health, (instance: RoutingHealth) =>
    call(instance).then(
      () => "resolved",
      (error: unknown) => (error instanceof TypeError ? error.message : "not a TypeError"),
    ),
  );
}

const report = (parts: Partial<HealthReport> & { now: number }): HealthReport => ({
  transitions: [],
  outcomes: [],
  lastErrors: [],
  ...parts,
});

describe("RoutingHealth: shared cooldowns", () => {
  it("shares a cooldown while it runs and forgets it when it ends", async () => {
    const health = freshHealth();
    await health.report(
      report({
        now: T,
        transitions: [{ kind: "cooled", deploymentId: "dep-a", at: T, until: T + MINUTE, failureClass: "server" }],
      }),
    );
    expect(await health.sharedCooldowns({ now: T + 1 })).toEqual([
      { deploymentId: "dep-a", cooledAt: T, until: T + MINUTE, failureClass: "server" },
    ]);
    expect(await health.sharedCooldowns({ now: T + MINUTE - 1 })).toHaveLength(1);
    expect(await health.sharedCooldowns({ now: T + MINUTE })).toEqual([]);
  });

  it("keeps the later end when isolates report overlapping cooldowns", async () => {
    const health = freshHealth();
    const cooled = (at: number, until: number, failureClass: "server" | "rate_limit") =>
      health.report(
        report({ now: at, transitions: [{ kind: "cooled", deploymentId: "dep-a", at, until, failureClass }] }),
      );
    await cooled(T, T + MINUTE, "server");
    await cooled(T + 1, T + 5000, "rate_limit");
    expect(await health.sharedCooldowns({ now: T + 2 })).toEqual([
      { deploymentId: "dep-a", cooledAt: T, until: T + MINUTE, failureClass: "server" },
    ]);
    await cooled(T + 2, T + 2 * MINUTE, "rate_limit");
    expect(await health.sharedCooldowns({ now: T + 3 })).toEqual([
      { deploymentId: "dep-a", cooledAt: T + 2, until: T + 2 * MINUTE, failureClass: "rate_limit" },
    ]);
  });

  it("ends a cooldown for everyone when a probe succeeds after it began, but not on an older success", async () => {
    const health = freshHealth();
    await health.report(
      report({
        now: T,
        transitions: [
          { kind: "cooled", deploymentId: "dep-a", at: T, until: T + MINUTE, failureClass: "server" },
          { kind: "cooled", deploymentId: "dep-b", at: T, until: T + MINUTE, failureClass: "auth" },
        ],
      }),
    );
    await health.report(report({ now: T + 2, transitions: [{ kind: "recovered", deploymentId: "dep-a", at: T - 1 }] }));
    await health.report(report({ now: T + 2, transitions: [{ kind: "recovered", deploymentId: "dep-b", at: T + 1 }] }));
    expect((await health.sharedCooldowns({ now: T + 3 })).map((cooldown) => cooldown.deploymentId)).toEqual(["dep-a"]);
  });

  it("refuses a malformed report, naming the field, and stores nothing of it", async () => {
    const health = freshHealth();
    const malformed = {
      now: T,
      transitions: [{ kind: "cooled", deploymentId: "dep-a", at: T, until: -5, failureClass: "server" }],
      outcomes: [],
      lastErrors: [],
    } as unknown as HealthReport;
    expect(await messageOf(health, (instance) => instance.report(malformed))).toBe(
      "RoutingHealth.report: invalid input: transitions.0.until: Too small: expected number to be >=0",
    );
    expect(await health.sharedCooldowns({ now: T })).toEqual([]);
  });
});

describe("RoutingHealth: per-deployment view", () => {
  it("sums outcome counts from every isolate over the window and keeps the newest error", async () => {
    const health = freshHealth();
    const now = T;
    // Two isolates report the current minute; one also reports a minute ten minutes ago.
    await health.report(
      report({
        now,
        outcomes: [
          { deploymentId: "dep-a", minute: minuteOf(now), successes: 3, failures: 1, successLatencyMsSum: 900 },
          { deploymentId: "dep-a", minute: minuteOf(now) - 10, successes: 50, failures: 50, successLatencyMsSum: 1 },
        ],
        lastErrors: [{ deploymentId: "dep-a", kind: "timeout", status: null, at: now - 10 }],
      }),
    );
    await health.report(
      report({
        now,
        outcomes: [
          { deploymentId: "dep-a", minute: minuteOf(now), successes: 1, failures: 2, successLatencyMsSum: 300 },
          { deploymentId: "dep-b", minute: minuteOf(now) - 1, successes: 5, failures: 0, successLatencyMsSum: 500 },
        ],
        lastErrors: [
          { deploymentId: "dep-a", kind: "rate_limit", status: 429, at: now - 5 },
          // Older than the one already stored: ignored.
          { deploymentId: "dep-a", kind: "server", status: 500, at: now - 20 },
        ],
        transitions: [
          { kind: "cooled", deploymentId: "dep-c", at: now, until: now + MINUTE, failureClass: "not_found" },
        ],
      }),
    );

    expect(await health.deploymentHealth({ now, windowMinutes: 5 })).toEqual([
      {
        deploymentId: "dep-a",
        cooldown: null,
        successes: 4,
        failures: 3,
        successLatencyMsSum: 1200,
        lastError: { kind: "rate_limit", status: 429, at: now - 5 },
      },
      {
        deploymentId: "dep-b",
        cooldown: null,
        successes: 5,
        failures: 0,
        successLatencyMsSum: 500,
        lastError: null,
      },
      {
        deploymentId: "dep-c",
        cooldown: { cooledAt: now, until: now + MINUTE, failureClass: "not_found" },
        successes: 0,
        failures: 0,
        successLatencyMsSum: 0,
        lastError: null,
      },
    ]);
    const wide = await health.deploymentHealth({ now, windowMinutes: 15 });
    expect(wide[0]).toMatchObject({ deploymentId: "dep-a", successes: 54, failures: 53 });
    const single = await health.deploymentHealth({ now, windowMinutes: 1 });
    expect(single.map((record) => [record.deploymentId, record.successes])).toEqual([
      ["dep-a", 4],
      ["dep-c", 0],
    ]);
  });

  it("drops outcome minutes older than an hour and cooldowns an hour after they ended", async () => {
    const health = freshHealth();
    await health.report(
      report({
        now: T,
        outcomes: [
          { deploymentId: "dep-a", minute: minuteOf(T) - 61, successes: 1, failures: 0, successLatencyMsSum: 1 },
          { deploymentId: "dep-a", minute: minuteOf(T) - 59, successes: 1, failures: 0, successLatencyMsSum: 1 },
        ],
        transitions: [
          {
            kind: "cooled",
            deploymentId: "old",
            at: T - 3 * MINUTE * 60,
            until: T - 2 * MINUTE * 60,
            failureClass: "server",
          },
          { kind: "cooled", deploymentId: "recent", at: T - 2 * MINUTE, until: T - MINUTE, failureClass: "server" },
        ],
      }),
    );
    const stored = await runInDurableObject(health, (_instance, state) => ({
      minutes: state.storage.sql
        .exec<{ minute: number }>("SELECT minute FROM outcomes ORDER BY minute")
        .toArray()
        .map((row) => row.minute),
      cooldowns: state.storage.sql
        .exec<{ deployment_id: string }>("SELECT deployment_id FROM cooldowns ORDER BY deployment_id")
        .toArray()
        .map((row) => row.deployment_id),
    }));
    expect(stored).toEqual({ minutes: [minuteOf(T) - 59], cooldowns: ["recent"] });
  });

  it("rejects a window outside 1..60 minutes", async () => {
    const health = freshHealth();
    expect(await messageOf(health, (instance) => instance.deploymentHealth({ now: T, windowMinutes: 61 }))).toBe(
      "RoutingHealth.deploymentHealth: invalid input: windowMinutes: Too big: expected number to be <=60",
    );
  });
});
