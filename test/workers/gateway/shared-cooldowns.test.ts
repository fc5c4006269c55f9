import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROUTING_HEALTH_NAME } from "../../../durable-objects/routing-health-rpc.ts";
import type { GatewayConfig } from "../../../workers/core/config/gateway-config.ts";
import { parseConfigText } from "../../../workers/core/config/parse-config-text.ts";
import { resolveGatewayConfig } from "../../../workers/core/config/resolve-gateway-config.ts";
import { AttemptPlanner } from "../../../workers/core/routing/plan-attempts.ts";
import { RoutingState, routingState } from "../../../workers/gateway/routing-state.ts";
import { type RoutingHealthChannel, SharedRoutingHealth } from "../../../workers/gateway/shared-routing-health.ts";
import chatResponse from "../../fixtures/openai-chat/non-stream-text.json";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";

const configYaml = `
model_list:
  - { model_name: pair, litellm_params: { model: hosted_vllm/a, api_base: "https://a.test/v1", order: 1 }, model_info: { id: shared-a } }
  - { model_name: pair, litellm_params: { model: hosted_vllm/b, api_base: "https://b.test/v1", order: 2 }, model_info: { id: shared-b } }
router_settings:
  allowed_fails: 1
  cooldown_time: 60
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

function gatewayConfigOf(yaml: string): GatewayConfig {
  const parsed = parseConfigText(yaml, "yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return resolveGatewayConfig(parsed.config, 1, {});
}

const config = gatewayConfigOf(configYaml);
const T = Date.UTC(2026, 0, 15, 12, 0, 30);
const COOLDOWN_MS = 60_000;

type Stub = ReturnType<typeof env.ROUTING_HEALTH.getByName>;

/** The Durable Object as an isolate sees it, counting the calls. */
function countingChannel(stub: Stub) {
  const calls = { report: 0, sharedCooldowns: 0 };
  const channel: RoutingHealthChannel = {
    report: async (report) => {
      calls.report += 1;
      await stub.report(report);
    },
    sharedCooldowns: async (input) => {
      calls.sharedCooldowns += 1;
      return stub.sharedCooldowns(input);
    },
  };
  return { channel, calls };
}

/** A simulated gateway isolate: its own RoutingState, a clock the test moves, the shared object behind `channel`. */
function isolate(channel: RoutingHealthChannel, clock: { now: number }) {
  const now = () => clock.now;
  const shared = new SharedRoutingHealth({ channel: () => channel, defer: () => {}, pullIntervalMs: () => 2000, now });
  const state = new RoutingState({ shared, now });
  /** The deployment this isolate would send a `pair` request to now. */
  const pick = () => {
    const step = new AttemptPlanner(
      config,
      state.stats,
      state.cooldowns(config),
      { model: "pair" },
      {
        now,
        random: () => 0,
      },
    ).next();
    return step.kind === "try" ? step.deployment.id : step.error.code;
  };
  /** Two server errors on shared-a: one more than allowed_fails, so it cools down. */
  const failTwice = () => {
    const tracker = state.cooldowns(config);
    return [
      tracker.recordFailure("shared-a", "server", clock.now, 2),
      tracker.recordFailure("shared-a", "server", clock.now, 2),
    ];
  };
  return { state, shared, pick, failTwice };
}

describe("cooldowns shared across isolates", () => {
  it("honours a cooldown another isolate learned once it has pulled, and not before", async () => {
    const { channel } = countingChannel(env.ROUTING_HEALTH.getByName(crypto.randomUUID()));
    const clock = { now: T };
    const first = isolate(channel, clock);
    const second = isolate(channel, clock);

    expect(second.pick()).toBe("shared-a");
    expect(first.failTwice()).toEqual(["counted", "cooled"]);
    await first.shared.settled();
    expect(first.pick()).toBe("shared-b");

    // The second isolate's pull is due again only after the refresh interval (2 s here).
    clock.now = T + 1000;
    await second.shared.settled();
    expect(second.pick()).toBe("shared-a");
    clock.now = T + 2000;
    second.state.cooldowns(config);
    await second.shared.settled();
    expect(second.pick()).toBe("shared-b");
    expect(second.state.cooldowns(config).remainingMs("shared-a", clock.now)).toBe(COOLDOWN_MS - 2000);
  });

  it("lets the shared cooldown expire: later pulls bring nothing, and the deployment gets its probe", async () => {
    const stub = env.ROUTING_HEALTH.getByName(crypto.randomUUID());
    const { channel } = countingChannel(stub);
    const clock = { now: T };
    const first = isolate(channel, clock);
    first.failTwice();
    await first.shared.settled();

    clock.now = T + COOLDOWN_MS;
    expect(await stub.sharedCooldowns({ now: clock.now })).toEqual([]);
    const late = isolate(channel, clock);
    late.state.cooldowns(config);
    await late.shared.settled();
    expect(late.pick()).toBe("shared-a");
    expect(late.state.cooldowns(config).state("shared-a", clock.now)).toBe("healthy");
    // The isolate that cooled it down lets one probe through now.
    expect(first.state.cooldowns(config).state("shared-a", clock.now)).toBe("probe-ready");
  });

  it("pulls at most once per refresh interval, in the background", async () => {
    const { channel, calls } = countingChannel(env.ROUTING_HEALTH.getByName(crypto.randomUUID()));
    const clock = { now: T };
    const { state, shared } = isolate(channel, clock);
    for (const offset of [0, 1, 500, 1999]) {
      clock.now = T + offset;
      state.cooldowns(config);
      await shared.settled();
    }
    expect(calls.sharedCooldowns).toBe(1);
    clock.now = T + 2000;
    state.cooldowns(config);
    await shared.settled();
    expect(calls.sharedCooldowns).toBe(2);
  });

  it("batches outcome counts to one push per second, but pushes a cooldown at once", async () => {
    const stub = env.ROUTING_HEALTH.getByName(crypto.randomUUID());
    const { channel, calls } = countingChannel(stub);
    const clock = { now: T };
    const { state, shared, failTwice } = isolate(channel, clock);
    state.stats.onEnd("shared-b", { latencyMs: 100, tokens: 10, ok: true }, clock.now);
    state.stats.onEnd("shared-b", { latencyMs: 300, tokens: 10, ok: true }, clock.now);
    state.stats.onEnd("shared-b", { latencyMs: 900, tokens: 0, ok: false }, clock.now);
    expect(calls.report).toBe(1);
    failTwice();
    expect(calls.report).toBe(2);
    await shared.settled();
    expect(calls.report).toBe(2);

    expect(await stub.deploymentHealth({ now: clock.now, windowMinutes: 1 })).toEqual([
      {
        deploymentId: "shared-a",
        cooldown: { cooledAt: T, until: T + COOLDOWN_MS, failureClass: "server" },
        successes: 0,
        failures: 0,
        successLatencyMsSum: 0,
        lastError: { kind: "server", status: null, at: T },
      },
      {
        deploymentId: "shared-b",
        cooldown: null,
        successes: 2,
        failures: 1,
        successLatencyMsSum: 400,
        lastError: null,
      },
    ]);
  });

  it("forgets, on reset, the shared cooldowns that began before it", async () => {
    const { channel } = countingChannel(env.ROUTING_HEALTH.getByName(crypto.randomUUID()));
    const clock = { now: T };
    const first = isolate(channel, clock);
    const second = isolate(channel, clock);
    first.failTwice();
    await first.shared.settled();
    clock.now = T + 10;
    second.state.reset();
    second.state.cooldowns(config);
    await second.shared.settled();
    expect(second.pick()).toBe("shared-a");
  });
});

describe("the gateway and the admin health view", () => {
  let upstream: ReturnType<typeof mockUpstreams> | undefined;
  afterEach(() => upstream?.restore());

  beforeEach(async () => {
    await activateConfig(configYaml);
    routingState.reset();
    await runInDurableObject(env.ROUTING_HEALTH.getByName(ROUTING_HEALTH_NAME), (_instance, state) => {
      for (const table of ["cooldowns", "outcomes", "last_errors"]) state.storage.sql.exec(`DELETE FROM ${table}`);
    });
  });

  const chat = () =>
    callGateway("/v1/chat/completions", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "pair", messages: [{ role: "user", content: "hi" }] }),
    });

  it("skips a deployment another isolate cooled down after its background pull, and shows it in /health/deployments", async () => {
    upstream = mockUpstreams({
      "https://a.test": () => Response.json(chatResponse),
      "https://b.test": () => Response.json(chatResponse),
    });
    const other = isolate(countingChannel(env.ROUTING_HEALTH.getByName(ROUTING_HEALTH_NAME)).channel, {
      now: Date.now(),
    });
    expect(other.failTwice()).toEqual(["counted", "cooled"]);
    await other.shared.settled();

    // The request never waits for the pull it starts: this one still goes to shared-a.
    const before = await chat();
    expect(before.response.headers.get("x-switchyard-deployment")).toBe("shared-a");
    await routingState.shared.settled();
    for (let index = 0; index < 3; index++) {
      expect((await chat()).response.headers.get("x-switchyard-deployment")).toBe("shared-b");
    }
    expect(upstream.requests.map((request) => new URL(request.url).host)).toEqual([
      "a.test",
      "b.test",
      "b.test",
      "b.test",
    ]);
    await routingState.shared.flush();
    await routingState.shared.settled();

    const { status, body } = await callAdmin("/health/deployments");
    expect(status).toBe(200);
    const deployments = body.deployments as Array<Record<string, unknown>>;
    expect(body).toMatchObject({ window_minutes: 5 });
    expect(deployments).toHaveLength(2);
    expect(deployments[0]).toMatchObject({
      id: "shared-a",
      model_group: "pair",
      provider: "hosted_vllm",
      upstream_model: "a",
      state: "cooling_down",
      cooldown_reason: "server",
      recent: { successes: 1, failures: 0 },
      last_error: { kind: "server", status: null },
    });
    // The other isolate cooled it down at its second failure, for cooldown_time (60 s).
    const cooled = deployments[0] as { cooldown_until: string; last_error: { at: string } };
    expect(Date.parse(cooled.cooldown_until) - Date.parse(cooled.last_error.at)).toBe(COOLDOWN_MS);
    expect(deployments[1]).toMatchObject({
      id: "shared-b",
      state: "healthy",
      cooldown_until: null,
      cooldown_reason: null,
      recent: { successes: 3, failures: 0 },
      last_error: null,
    });
    expect(typeof deployments[1]?.average_latency_ms).toBe("number");
  });
});

describe("GET /health/deployments", () => {
  beforeEach(async () => {
    await env.DB.batch([env.DB.prepare("DELETE FROM virtual_keys"), env.DB.prepare("DELETE FROM teams")]);
    await activateConfig(configYaml);
  });

  it("is for admins and viewers, not team admins", async () => {
    const generate = async (body: Record<string, unknown>) =>
      String((await callAdmin("/key/generate", { method: "POST", body: JSON.stringify(body) })).body.key);
    await callAdmin("/team/new", { method: "POST", body: JSON.stringify({ team_id: "red" }) });
    const viewer = await generate({ role: "viewer" });
    const teamAdmin = await generate({ role: "team_admin", team_id: "red" });
    expect((await callAdmin("/health/deployments", { key: viewer })).status).toBe(200);
    const refused = await callAdmin("/health/deployments", { key: teamAdmin });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: "permission_denied" } });
  });

  it("lists every deployment of the active config, healthy when nothing was reported, and validates the window", async () => {
    await runInDurableObject(env.ROUTING_HEALTH.getByName(ROUTING_HEALTH_NAME), (_instance, state) => {
      for (const table of ["cooldowns", "outcomes", "last_errors"]) state.storage.sql.exec(`DELETE FROM ${table}`);
    });
    const { status, body } = await callAdmin("/health/deployments?window_minutes=60");
    expect(status).toBe(200);
    expect(body).toEqual({
      config_version: expect.any(Number),
      window_minutes: 60,
      deployments: ["shared-a", "shared-b"].map((id) => ({
        id,
        model_group: "pair",
        provider: "hosted_vllm",
        upstream_model: id === "shared-a" ? "a" : "b",
        state: "healthy",
        cooldown_until: null,
        cooldown_reason: null,
        recent: { successes: 0, failures: 0 },
        last_error: null,
        average_latency_ms: null,
      })),
    });
    const bad = await callAdmin("/health/deployments?window_minutes=0");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { type: "invalid_request_error", param: "window_minutes" } });
  });
});
