import { describe, expect, it } from "vitest";
import { classifyUpstreamFailure } from "../../../workers/core/routing/classify-upstream-failure.ts";
import { AttemptPlanner, MAX_ATTEMPTS_PER_REQUEST } from "../../../workers/core/routing/plan-attempts.ts";
import { cooldownsFor, drive } from "./plan-attempts-driver.ts";
import { configFrom, fixedStats, T0 } from "./routing-test-helpers.ts";

const config = configFrom(`
model_list:
  - model_name: gpt-4o
    litellm_params: { model: azure/gpt-4o, api_base: https://eastus.openai.azure.com/, weight: 3 }
    model_info: { id: east }
  - model_name: gpt-4o
    litellm_params: { model: azure/gpt-4o, api_base: https://westeurope.openai.azure.com/, weight: 1 }
    model_info: { id: west }
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o, order: 2 }
    model_info: { id: openai-backup }
  - model_name: claude-sonnet
    litellm_params: { model: anthropic/claude-sonnet-4-5 }
    model_info: { id: claude }
  - model_name: gemini-long
    litellm_params: { model: gemini/gemini-2.5-pro }
    model_info: { id: gemini }
  - model_name: solo
    litellm_params: { model: openai/gpt-4.1 }
    model_info: { id: solo-1 }
  - model_name: "azure/*"
    litellm_params: { model: "azure/*", api_base: https://eastus.openai.azure.com/ }
    model_info: { id: azure-any }
litellm_settings:
  num_retries: 2
router_settings:
  fallbacks: [{ gpt-4o: [claude-sonnet] }, { solo: [claude-sonnet] }]
  context_window_fallbacks: [{ gpt-4o: [gemini-long] }]
`);

const e429 = { status: 429, provider: "azure" };
const e500 = { status: 500, provider: "azure" };

describe("AttemptPlanner: retries, order tiers, fallbacks", () => {
  it("retries another deployment at once, then the next order tier, then backs off on the only one left, then falls back", () => {
    expect(drive(config, { model: "gpt-4o" }, [e429, e429, e500, e500, e500, "ok"])).toEqual({
      steps: [
        "primary gpt-4o/east +0ms",
        // east is cooling (429 in a group of three): west, at once.
        "retry gpt-4o/west +0ms",
        // Tier 0 is spent: order 2, with retries of its own.
        "order-fallback gpt-4o/openai-backup +0ms",
        // Nothing else left: the same deployment after 0.5 × 500 ms, then 0.5 × 1000 ms.
        "retry gpt-4o/openai-backup +250ms",
        "retry gpt-4o/openai-backup +500ms",
        "fallback claude-sonnet/claude +0ms",
      ],
      end: "ok after 6",
    });
  });

  it("gives up with the last error when the fallbacks fail too", () => {
    const noRetries = configFrom(`
model_list:
  - { model_name: a, litellm_params: { model: openai/gpt-4o }, model_info: { id: a-1 } }
  - { model_name: b, litellm_params: { model: anthropic/claude-sonnet-4-5 }, model_info: { id: b-1 } }
router_settings:
  fallbacks: [{ a: [b] }]
`);
    expect(drive(noRetries, { model: "a" }, [e500, { status: 503, provider: "anthropic" }])).toEqual({
      steps: ["primary a/a-1 +0ms", "fallback b/b-1 +0ms"],
      end: "give-up after 2: 502 upstream_error: The anthropic upstream failed with status 503.",
    });
  });

  it("never sends the same deployment twice in a row while another is usable", () => {
    const pair = configFrom(`
model_list:
  - { model_name: m, litellm_params: { model: openai/gpt-4o }, model_info: { id: a } }
  - { model_name: m, litellm_params: { model: openai/gpt-4o }, model_info: { id: b } }
litellm_settings: { num_retries: 3 }
router_settings: { allowed_fails: 10 }
`);
    expect(drive(pair, { model: "m" }, [e500, e500, e500, e500], { random: () => 0 })).toEqual({
      steps: ["primary m/a +0ms", "retry m/b +0ms", "retry m/a +0ms", "retry m/b +0ms"],
      end: "give-up after 4: 502 upstream_error: The azure upstream failed with status 500.",
    });
  });

  it("sends a context-window error straight to context_window_fallbacks, without retry or cooldown", () => {
    const cooldowns = cooldownsFor(config);
    const tooLong = { status: 400, message: "This model's maximum context length is 128000 tokens." };
    expect(drive(config, { model: "gpt-4o" }, [tooLong, "ok"], { cooldowns })).toEqual({
      steps: ["primary gpt-4o/east +0ms", "fallback gemini-long/gemini +0ms"],
      end: "ok after 2",
    });
    expect(cooldowns.state("east", T0)).toBe("healthy");
  });

  it("gives a malformed request back at once", () => {
    expect(
      drive(config, { model: "gpt-4o" }, [{ status: 400, message: "Unrecognized request argument supplied: foo" }]),
    ).toEqual({
      steps: ["primary gpt-4o/east +0ms"],
      end: "give-up after 1: 400 invalid_request: Unrecognized request argument supplied: foo",
    });
  });

  it("walks a 404 down the order tiers without retrying, then falls back", () => {
    expect(drive(config, { model: "gpt-4o" }, [{ status: 404 }, { status: 404 }, { status: 404 }, "ok"])).toEqual({
      steps: [
        "primary gpt-4o/east +0ms",
        // No retries for a 404, but the priority list goes on: west before order 2.
        "order-fallback gpt-4o/west +0ms",
        "order-fallback gpt-4o/openai-backup +0ms",
        "fallback claude-sonnet/claude +0ms",
      ],
      end: "ok after 4",
    });
  });

  it("leaves a group without order tiers once its retries are spent", () => {
    const flat = configFrom(`
model_list:
  - { model_name: m, litellm_params: { model: openai/gpt-4o }, model_info: { id: a } }
  - { model_name: m, litellm_params: { model: openai/gpt-4o }, model_info: { id: b } }
  - { model_name: n, litellm_params: { model: openai/gpt-4o }, model_info: { id: c } }
router_settings:
  fallbacks: [{ m: [n] }]
`);
    expect(drive(flat, { model: "m" }, [e500, "ok"], { random: () => 0 }).steps).toEqual([
      "primary m/a +0ms",
      "fallback n/c +0ms",
    ]);
  });

  it("retries an auth failure only on another deployment", () => {
    expect(drive(config, { model: "gpt-4o" }, [{ status: 401 }, "ok"]).steps).toEqual([
      "primary gpt-4o/east +0ms",
      "retry gpt-4o/west +0ms",
    ]);
    expect(drive(config, { model: "solo" }, [{ status: 401 }, "ok"]).steps).toEqual([
      "primary solo/solo-1 +0ms",
      "fallback claude-sonnet/claude +0ms",
    ]);
  });

  it("keeps retrying a group's only deployment on 429 after its retry-after, and falls back when it asks for more than 60 s", () => {
    const cooldowns = cooldownsFor(config);
    const result = drive(
      config,
      { model: "solo" },
      [{ status: 429, retryAfter: "2" }, { status: 429, retryAfter: "120" }, "ok"],
      { cooldowns },
    );
    expect(result.steps).toEqual([
      "primary solo/solo-1 +0ms",
      "retry solo/solo-1 +2000ms",
      "fallback claude-sonnet/claude +0ms",
    ]);
    expect(cooldowns.state("solo-1", T0)).toBe("healthy");
  });

  it("walks nested fallbacks depth-first, each group once, within max_fallbacks", () => {
    const nested = configFrom(`
model_list:
  - { model_name: a, litellm_params: { model: openai/a }, model_info: { id: a } }
  - { model_name: b, litellm_params: { model: openai/b }, model_info: { id: b } }
  - { model_name: c, litellm_params: { model: openai/c }, model_info: { id: c } }
  - { model_name: d, litellm_params: { model: openai/d }, model_info: { id: d } }
router_settings:
  fallbacks: [{ a: [b, c] }, { b: [d, a] }, { d: [c, a] }]
`);
    expect(drive(nested, { model: "a" }, [e500, e500, e500, e500])).toEqual({
      steps: ["primary a/a +0ms", "fallback b/b +0ms", "fallback d/d +0ms", "fallback c/c +0ms"],
      end: "give-up after 4: 502 upstream_error: The azure upstream failed with status 500.",
    });
    const shallow = configFrom(`
model_list:
  - { model_name: a, litellm_params: { model: openai/a }, model_info: { id: a } }
  - { model_name: b, litellm_params: { model: openai/b }, model_info: { id: b } }
  - { model_name: c, litellm_params: { model: openai/c }, model_info: { id: c } }
router_settings:
  max_fallbacks: 1
  fallbacks: [{ a: [b] }, { b: [c] }]
`);
    expect(drive(shallow, { model: "a" }, [e500, e500]).steps).toEqual(["primary a/a +0ms", "fallback b/b +0ms"]);
  });

  it("resolves a fallback through a wildcard (https://docs.litellm.ai/docs/proxy/reliability#setting-fallbacks-for-wildcard-models)", () => {
    const wildcard = configFrom(`
model_list:
  - { model_name: gpt-4o, litellm_params: { model: openai/gpt-4o }, model_info: { id: openai-4o } }
  - { model_name: "azure/*", litellm_params: { model: "azure/*" }, model_info: { id: azure-any } }
litellm_settings:
  fallbacks: [{ gpt-4o: ["azure/gpt-4o"] }]
`);
    expect(drive(wildcard, { model: "gpt-4o" }, [e429, "ok"]).steps).toEqual([
      "primary gpt-4o/openai-4o +0ms",
      "fallback azure/gpt-4o/azure-any@gpt-4o +0ms",
    ]);
  });
});

describe("AttemptPlanner: cooldowns", () => {
  it("skips cooled-down deployments, and falls back when the whole group is cooling", () => {
    const cooldowns = cooldownsFor(config);
    for (const id of ["east", "west", "openai-backup"]) cooldowns.recordFailure(id, "rate_limit", T0 - 1_000, 3);
    expect(drive(config, { model: "gpt-4o" }, ["ok"], { cooldowns }).steps).toEqual([
      "fallback claude-sonnet/claude +0ms",
    ]);
  });

  it("answers 429 with retry-after when nothing anywhere is available", () => {
    const cooldowns = cooldownsFor(config);
    for (const id of ["east", "west", "openai-backup"]) cooldowns.recordFailure(id, "rate_limit", T0 - 1_000, 3);
    cooldowns.recordFailure("claude", "auth", T0 - 2_000, 1);
    expect(drive(config, { model: "gpt-4o" }, [], { cooldowns })).toEqual({
      steps: [],
      end: "give-up after 0: 429 rate_limited: No deployment of model `claude-sonnet` is available: all are cooling down after failures. Try again in 3 seconds.",
    });
  });

  it("lets the probe through after a cooldown and closes it on success", () => {
    const cooldowns = cooldownsFor(config);
    cooldowns.recordFailure("solo-1", "auth", T0 - 5_000, 1);
    expect(cooldowns.state("solo-1", T0)).toBe("probe-ready");
    const planner = new AttemptPlanner(
      config,
      fixedStats({}),
      cooldowns,
      { model: "solo" },
      { now: () => T0, random: () => 0 },
    );
    expect(planner.next()).toMatchObject({ kind: "try", deployment: { id: "solo-1" } });
    expect(cooldowns.state("solo-1", T0)).toBe("probing");
    planner.recordSuccess();
    expect(cooldowns.state("solo-1", T0)).toBe("healthy");
  });

  it("tries a fallback naming a deployment id even while it cools down (https://docs.litellm.ai/docs/proxy/reliability#fallback-to-specific-model-id)", () => {
    const byId = configFrom(`
model_list:
  - { model_name: gpt-4o, litellm_params: { model: openai/gpt-4o }, model_info: { id: my-specific-model-id } }
  - { model_name: gpt-4o, litellm_params: { model: azure/chatgpt-v-2 }, model_info: { id: azure-4o } }
litellm_settings:
  fallbacks: [{ gpt-4o: ["my-specific-model-id"] }]
`);
    const cooldowns = cooldownsFor(byId);
    cooldowns.recordFailure("my-specific-model-id", "rate_limit", T0 - 1_000, 2);
    expect(drive(byId, { model: "gpt-4o" }, [e429, "ok"], { cooldowns }).steps).toEqual([
      "primary gpt-4o/azure-4o +0ms",
      "fallback gpt-4o/my-specific-model-id +0ms",
    ]);
  });
});

describe("AttemptPlanner: request options", () => {
  it("answers an unknown model with a 404 and no attempt", () => {
    expect(drive(config, { model: "gpt-9" }, [])).toEqual({
      steps: [],
      end: "give-up after 0: 404 model_not_found (model): The model `gpt-9` does not exist or you do not have access to it.",
    });
  });

  it("pins a deployment by override: retries it alone, never falls back", () => {
    expect(drive(config, { model: "gpt-4o", override: { deploymentId: "west" } }, [e500, e500, e500])).toEqual({
      steps: ["primary gpt-4o/west +0ms", "retry gpt-4o/west +250ms", "retry gpt-4o/west +500ms"],
      end: "give-up after 3: 502 upstream_error: The azure upstream failed with status 500.",
    });
  });

  it("rejects an unknown strategy override with a 400 naming the field", () => {
    expect(drive(config, { model: "gpt-4o", override: { strategy: "fastest" } }, []).end).toBe(
      "give-up after 0: 400 invalid_request (routing_strategy): Unknown routing strategy 'fastest'; use one of simple-shuffle, least-busy, latency-based-routing, usage-based-routing, usage-based-routing-v2, cost-based-routing.",
    );
  });

  it("uses a strategy override with the stats it is given", () => {
    const stats = fixedStats({ east: { inFlight: 9 }, west: { inFlight: 2 } });
    expect(drive(config, { model: "gpt-4o", override: { strategy: "least-busy" } }, ["ok"], { stats }).steps).toEqual([
      "primary gpt-4o/west +0ms",
    ]);
  });

  it("routes by request tags when tag filtering is on", () => {
    const tagged = configFrom(`
model_list:
  - { model_name: chat, litellm_params: { model: openai/gpt-4o, tags: [free] }, model_info: { id: free } }
  - { model_name: chat, litellm_params: { model: openai/gpt-4o, tags: [paid] }, model_info: { id: paid } }
  - { model_name: chat, litellm_params: { model: openai/gpt-4o, tags: [default] }, model_info: { id: default } }
router_settings: { enable_tag_filtering: true }
`);
    expect(drive(tagged, { model: "chat", tags: ["paid"] }, ["ok"]).steps).toEqual(["primary chat/paid +0ms"]);
    expect(drive(tagged, { model: "chat" }, ["ok"]).steps).toEqual(["primary chat/default +0ms"]);
    expect(drive(tagged, { model: "chat", tags: ["&gold"] }, []).end).toBe(
      'give-up after 0: 400 invalid_request (tags): No deployment of model `chat` matches the request tags ["&gold"].',
    );
  });

  it(`stops at ${MAX_ATTEMPTS_PER_REQUEST} attempts whatever the config allows`, () => {
    const many = configFrom(`
model_list:
  - { model_name: m, litellm_params: { model: openai/gpt-4o }, model_info: { id: only } }
litellm_settings: { num_retries: 100 }
router_settings: { disable_cooldowns: true }
`);
    const outcomes = Array.from({ length: MAX_ATTEMPTS_PER_REQUEST }, () => e500);
    const result = drive(many, { model: "m" }, outcomes, { random: () => 0 });
    expect(result.steps).toHaveLength(MAX_ATTEMPTS_PER_REQUEST);
    expect(result.end).toBe(
      `give-up after ${MAX_ATTEMPTS_PER_REQUEST}: 502 upstream_error: The azure upstream failed with status 500.`,
    );
  });

  it("treats calling it out of turn as a bug", () => {
    const planner = new AttemptPlanner(
      config,
      fixedStats({}),
      cooldownsFor(config),
      { model: "gpt-4o" },
      {
        now: () => T0,
        random: () => 0,
      },
    );
    expect(() => planner.next(classifyUpstreamFailure({ status: 500 }))).toThrowError(
      "AttemptPlanner.next: a failure was reported before any attempt.",
    );
    planner.next();
    expect(() => planner.next()).toThrowError("AttemptPlanner.next: the last attempt's failure is missing.");
  });
});
