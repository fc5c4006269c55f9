import { describe, expect, it } from "vitest";
import { configFrom } from "./routing-test-helpers.ts";

const MODELS = "model_list:\n  - { model_name: m, litellm_params: { model: openai/gpt-4o } }\n";

describe("resolveRoutingSettings", () => {
  it("defaults to LiteLLM's: simple-shuffle, 3 allowed fails, 5 s cooldowns, 5 fallback levels, tags off", () => {
    expect(configFrom(MODELS).routing).toEqual({
      strategy: "simple-shuffle",
      latencyWindowMs: 3_600_000,
      lowestLatencyBuffer: 0,
      modelGroupAlias: new Map(),
      fallbacks: [],
      contextWindowFallbacks: undefined,
      contentPolicyFallbacks: undefined,
      maxFallbacks: 5,
      retryPolicy: {},
      minRetryDelayMs: 0,
      allowedFails: 3,
      cooldownTimeMs: 5_000,
      disableCooldowns: false,
      enableTagFiltering: false,
      tagFilteringMatchAny: true,
    });
    expect(configFrom(MODELS).numRetries).toBe(0);
  });

  it("reads every router setting it acts on", () => {
    const config = configFrom(`${MODELS}
router_settings:
  routing_strategy: latency-based-routing
  routing_strategy_args: { ttl: 10, lowest_latency_buffer: 0.5 }
  model_group_alias: { gpt-4: m, hidden-one: { model: m, hidden: true } }
  fallbacks: [{ m: [b] }]
  context_window_fallbacks: [{ m: [long] }]
  content_policy_fallbacks: [{ m: [safe] }]
  default_fallbacks: [last-resort]
  max_fallbacks: 2
  retry_policy: { RateLimitErrorRetries: 4, DefaultRetries: 1 }
  retry_after: 2
  allowed_fails: 1
  cooldown_time: 60
  disable_cooldowns: true
  enable_tag_filtering: true
  tag_filtering_match_any: false
`);
    expect(config.warnings).toEqual([]);
    expect(config.routing).toEqual({
      strategy: "latency-based-routing",
      latencyWindowMs: 10_000,
      lowestLatencyBuffer: 0.5,
      modelGroupAlias: new Map([
        ["gpt-4", { model: "m", hidden: false }],
        ["hidden-one", { model: "m", hidden: true }],
      ]),
      fallbacks: [{ m: ["b"] }, { "*": ["last-resort"] }],
      contextWindowFallbacks: [{ m: ["long"] }],
      contentPolicyFallbacks: [{ m: ["safe"] }],
      maxFallbacks: 2,
      retryPolicy: { RateLimitErrorRetries: 4, DefaultRetries: 1 },
      minRetryDelayMs: 2_000,
      allowedFails: 1,
      cooldownTimeMs: 60_000,
      disableCooldowns: true,
      enableTagFiltering: true,
      tagFilteringMatchAny: false,
    });
  });

  it("joins router_settings and litellm_settings fallbacks, router_settings first, and lets router_settings win on scalars", () => {
    const config = configFrom(`${MODELS}
router_settings:
  fallbacks: [{ m: [from-router] }]
  cooldown_time: 10
litellm_settings:
  fallbacks: [{ m: [from-litellm] }, { x: [y] }]
  context_window_fallbacks: [{ m: [long] }]
  cooldown_time: 30
  allowed_fails: 7
`);
    expect(config.routing.fallbacks).toEqual([{ m: ["from-router"] }, { m: ["from-litellm"] }, { x: ["y"] }]);
    expect(config.routing.contextWindowFallbacks).toEqual([{ m: ["long"] }]);
    expect(config.routing.cooldownTimeMs).toBe(10_000);
    expect(config.routing.allowedFails).toBe(7);
  });

  it("warns about an unknown strategy and unknown retry policy fields, and still loads", () => {
    const config = configFrom(`${MODELS}
router_settings:
  routing_strategy: custom-router
  retry_policy: { RateLimitErrorRetries: 2, TeapotErrorRetries: 9 }
`);
    expect(config.routing.strategy).toBe("simple-shuffle");
    expect(config.routing.retryPolicy).toEqual({ RateLimitErrorRetries: 2 });
    expect(config.warnings).toEqual([
      "router_settings.routing_strategy: 'custom-router' is not supported; using simple-shuffle",
      "router_settings.retry_policy.TeapotErrorRetries: not a LiteLLM retry policy field; ignored",
    ]);
  });

  it("reads per-deployment retries, allowed fails and cooldown time", () => {
    const config = configFrom(`
model_list:
  - model_name: flaky
    litellm_params: { model: openai/gpt-4o, num_retries: 5, cooldown_time: 2, weight: 2 }
    model_info: { id: flaky-1, allowed_fails: 1 }
  - model_name: flaky
    litellm_params: { model: openai/gpt-4o, cooldown_time: 2 }
    model_info: { id: flaky-2, cooldown_time: 0 }
`);
    expect(
      config.deploymentsByGroup.get("flaky")?.map((deployment) => ({
        id: deployment.id,
        litellmModel: deployment.litellmModel,
        weightConfigured: deployment.weightConfigured,
        numRetries: deployment.numRetries,
        allowedFails: deployment.allowedFails,
        cooldownTimeMs: deployment.cooldownTimeMs,
      })),
    ).toEqual([
      {
        id: "flaky-1",
        litellmModel: "openai/gpt-4o",
        weightConfigured: true,
        numRetries: 5,
        allowedFails: 1,
        cooldownTimeMs: 2_000,
      },
      // model_info.cooldown_time wins over litellm_params'.
      {
        id: "flaky-2",
        litellmModel: "openai/gpt-4o",
        weightConfigured: false,
        numRetries: undefined,
        allowedFails: undefined,
        cooldownTimeMs: 0,
      },
    ]);
  });
});
