import { describe, expect, it } from "vitest";
import {
  expandFallbackChain,
  fallbackGroupsFor,
  lookupFallbacks,
} from "../../../workers/core/routing/fallback-plan.ts";
import type { RoutingSettings } from "../../../workers/core/routing/routing-settings.ts";
import { configFrom } from "./routing-test-helpers.ts";

type FallbackSettings = Pick<
  RoutingSettings,
  "fallbacks" | "contextWindowFallbacks" | "contentPolicyFallbacks" | "maxFallbacks"
>;

const settings: FallbackSettings = {
  fallbacks: [{ "gpt-4o-mini": ["gpt-4o", "gpt-4.1"] }, { "gpt-4o": ["claude-sonnet"] }, { "*": ["default-model"] }],
  contextWindowFallbacks: [{ "gpt-4o-mini": ["gpt-4.1-long", "claude-opus"] }],
  contentPolicyFallbacks: [{ "azure-gpt": ["claude-opus"] }],
  maxFallbacks: 5,
};

describe("fallbackGroupsFor", () => {
  const rows = [
    { group: "gpt-4o-mini", failure: "rate_limit", expected: ["gpt-4o", "gpt-4.1"], note: "in config order" },
    { group: "gpt-4o-mini", failure: "server", expected: ["gpt-4o", "gpt-4.1"], note: "any transient failure" },
    { group: "gpt-4o-mini", failure: "not_found", expected: ["gpt-4o", "gpt-4.1"], note: "a 404 too" },
    {
      group: "gpt-4o-mini",
      failure: "context_window",
      expected: ["gpt-4.1-long", "claude-opus"],
      note: "context_window_fallbacks for context-window errors",
    },
    {
      group: "gpt-4o",
      failure: "context_window",
      expected: [],
      note: "none when context_window_fallbacks is configured without an entry for the group (LiteLLM re-raises)",
    },
    { group: "azure-gpt", failure: "content_policy", expected: ["claude-opus"], note: "content_policy_fallbacks" },
    { group: "other", failure: "rate_limit", expected: ["default-model"], note: "* for a group without its own entry" },
    { group: "gpt-4o-mini", failure: "bad_request", expected: [], note: "never for a malformed request" },
  ] as const;
  for (const row of rows) {
    it(`${row.group} after ${row.failure}: ${row.note}`, () => {
      expect(fallbackGroupsFor(settings, [row.group], row.failure)).toEqual(row.expected);
    });
  }

  it("uses the general fallbacks for context-window errors only when context_window_fallbacks is not configured", () => {
    const configured = { ...settings, contextWindowFallbacks: [{ "gpt-4o-mini": ["gpt-4.1-long"] }] };
    expect(fallbackGroupsFor(configured, ["gpt-4o"], "context_window")).toEqual([]);
    const none = { ...settings, contextWindowFallbacks: undefined, contentPolicyFallbacks: undefined };
    expect(fallbackGroupsFor(none, ["gpt-4o"], "context_window")).toEqual(["claude-sonnet"]);
    expect(fallbackGroupsFor(none, ["gpt-4o"], "content_policy")).toEqual(["claude-sonnet"]);
  });

  it("looks the requested name up before the resolved group, and drops visited groups", () => {
    expect(fallbackGroupsFor(settings, ["gpt-4o-mini", "gpt-4o"], "server")).toEqual(["gpt-4o", "gpt-4.1"]);
    expect(fallbackGroupsFor(settings, ["alias-name", "gpt-4o"], "server")).toEqual(["claude-sonnet"]);
    expect(fallbackGroupsFor(settings, ["gpt-4o-mini"], "server", new Set(["gpt-4o"]))).toEqual(["gpt-4.1"]);
  });

  it("takes an exact key before an earlier * entry", () => {
    expect(lookupFallbacks([{ "*": ["any"] }, { a: ["b"] }], ["a"])).toEqual(["b"]);
    expect(lookupFallbacks([{ "*": ["any"] }, { "*": ["second"] }], ["a"])).toEqual(["any"]);
    expect(lookupFallbacks([], ["a"])).toEqual([]);
  });
});

describe("expandFallbackChain", () => {
  it("walks fallbacks of fallbacks depth-first, each group once", () => {
    const chain: FallbackSettings = {
      fallbacks: [{ a: ["b", "c"] }, { b: ["d", "a"] }, { d: ["c"] }],
      contextWindowFallbacks: undefined,
      contentPolicyFallbacks: undefined,
      maxFallbacks: 5,
    };
    expect(expandFallbackChain(chain, "a", "server")).toEqual(["b", "d", "c"]);
  });

  it("stops at max_fallbacks levels and survives cycles", () => {
    const cycle: FallbackSettings = {
      fallbacks: [{ a: ["b"] }, { b: ["c"] }, { c: ["d"] }, { d: ["a", "e"] }],
      contextWindowFallbacks: undefined,
      contentPolicyFallbacks: undefined,
      maxFallbacks: 5,
    };
    expect(expandFallbackChain(cycle, "a", "server")).toEqual(["b", "c", "d", "e"]);
    expect(expandFallbackChain({ ...cycle, maxFallbacks: 2 }, "a", "server")).toEqual(["b", "c"]);
  });

  it("reads default_fallbacks as a * entry after the groups' own (https://docs.litellm.ai/docs/proxy/reliability#default-fallbacks)", () => {
    const config = configFrom(`
model_list:
  - { model_name: gpt-3.5-turbo-small, litellm_params: { model: azure/chatgpt-v-2 } }
  - { model_name: claude-opus, litellm_params: { model: anthropic/claude-opus-4-1 } }
  - { model_name: zephyr-beta, litellm_params: { model: openai/zephyr } }
litellm_settings:
  default_fallbacks: ["claude-opus"]
  fallbacks: [{"zephyr-beta": ["gpt-3.5-turbo-small"]}]
`);
    expect(config.routing.fallbacks).toEqual([{ "zephyr-beta": ["gpt-3.5-turbo-small"] }, { "*": ["claude-opus"] }]);
    expect(fallbackGroupsFor(config.routing, ["gpt-3.5-turbo-small"], "rate_limit")).toEqual(["claude-opus"]);
    expect(fallbackGroupsFor(config.routing, ["zephyr-beta"], "rate_limit")).toEqual(["gpt-3.5-turbo-small"]);
    expect(expandFallbackChain(config.routing, "zephyr-beta", "rate_limit")).toEqual([
      "gpt-3.5-turbo-small",
      "claude-opus",
    ]);
  });
});
