import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../workers/core/errors/gateway-error.ts";
import {
  compareWildcardSpecificity,
  fillWildcardModel,
  matchWildcardModel,
} from "../../../workers/core/routing/match-wildcard-model.ts";
import { resolveModelGroup, tryResolveModelGroup } from "../../../workers/core/routing/resolve-model-group.ts";
import { configFrom } from "./routing-test-helpers.ts";

const config = configFrom(
  `
model_list:
  - model_name: gpt-4o
    litellm_params: { model: openai/gpt-4o }
    model_info: { id: gpt-4o-east }
  - model_name: "anthropic/*"
    litellm_params: { model: "anthropic/*", api_key: os.environ/ANTHROPIC_API_KEY }
    model_info: { id: anthropic-any }
  - model_name: "openai/gpt-4*"
    litellm_params: { model: "openai/gpt-4*" }
    model_info: { id: openai-gpt4-family }
  - model_name: "*"
    litellm_params: { model: "openai/*" }
    model_info: { id: catch-all }
  - model_name: "fo::*:static::*"
    litellm_params: { model: "openai/fo::*:static::*" }
    model_info: { id: fo-static }
  - model_name: "team-*"
    litellm_params: { model: "groq/llama-3.3-70b-versatile", input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }
    model_info: { id: team-fixed }
  - model_name: "priced/*"
    litellm_params: { model: "openai/*", input_cost_per_token: 0.000003, output_cost_per_token: 0.000004 }
    model_info: { id: priced-any }
router_settings:
  model_group_alias:
    gpt-4: gpt-4o
    claude: { model: anthropic/claude-sonnet-4-5, hidden: true }
`,
  { ANTHROPIC_API_KEY: "sk-ant-test" },
);

describe("resolveModelGroup", () => {
  const cases = [
    {
      model: "gpt-4o",
      match: "exact",
      group: "gpt-4o",
      id: "gpt-4o-east",
      provider: "openai",
      upstream: "gpt-4o",
    },
    { model: "gpt-4", match: "alias", group: "gpt-4o", id: "gpt-4o-east", provider: "openai", upstream: "gpt-4o" },
    {
      model: "claude",
      match: "alias",
      group: "anthropic/claude-sonnet-4-5",
      id: "anthropic-any@claude-sonnet-4-5",
      provider: "anthropic",
      upstream: "claude-sonnet-4-5",
    },
    {
      model: "anthropic/claude-haiku-4-5",
      match: "wildcard",
      group: "anthropic/claude-haiku-4-5",
      id: "anthropic-any@claude-haiku-4-5",
      provider: "anthropic",
      upstream: "claude-haiku-4-5",
    },
    // `openai/gpt-4*` is longer than `*`, so more specific.
    {
      model: "openai/gpt-4.1-mini",
      match: "wildcard",
      group: "openai/gpt-4.1-mini",
      id: "openai-gpt4-family@gpt-4.1-mini",
      provider: "openai",
      upstream: "gpt-4.1-mini",
    },
    {
      model: "gpt-4o-mini",
      match: "wildcard",
      group: "gpt-4o-mini",
      id: "catch-all@gpt-4o-mini",
      provider: "openai",
      upstream: "gpt-4o-mini",
    },
    // `openai/*` under `*` keeps the whole requested name as the upstream model.
    {
      model: "mistral/mistral-large-latest",
      match: "wildcard",
      group: "mistral/mistral-large-latest",
      id: "catch-all@mistral/mistral-large-latest",
      provider: "openai",
      upstream: "mistral/mistral-large-latest",
    },
    {
      model: "fo::hi:static::there",
      match: "wildcard",
      group: "fo::hi:static::there",
      id: "fo-static@fo::hi:static::there",
      provider: "openai",
      upstream: "fo::hi:static::there",
    },
    // A wildcard name over a fixed litellm model: the deployment is used as is.
    {
      model: "team-research",
      match: "wildcard",
      group: "team-research",
      id: "team-fixed",
      provider: "groq",
      upstream: "llama-3.3-70b-versatile",
    },
  ] as const;

  for (const entry of cases) {
    it(`resolves ${entry.model} by ${entry.match} to ${entry.provider}/${entry.upstream}`, () => {
      const resolved = resolveModelGroup(config, entry.model);
      expect(resolved).toMatchObject({ requested: entry.model, group: entry.group, match: entry.match });
      expect(resolved.deployments).toHaveLength(1);
      expect(resolved.deployments[0]).toMatchObject({
        id: entry.id,
        modelGroup: entry.group,
        provider: entry.provider,
        upstreamModel: entry.upstream,
      });
    });
  }

  it("names the wildcard pattern that matched", () => {
    expect(resolveModelGroup(config, "openai/gpt-4.1").pattern).toBe("openai/gpt-4*");
    expect(resolveModelGroup(config, "gpt-4o").pattern).toBeUndefined();
  });

  it("keeps the wildcard deployment's credentials on the concrete deployment", () => {
    expect(resolveModelGroup(config, "anthropic/claude-opus-4-1").deployments[0]?.apiKey).toBe("sk-ant-test");
  });

  it("prices the concrete model from the price table, or from the config's own prices", () => {
    expect(resolveModelGroup(config, "gpt-4o-mini").deployments[0]?.pricing).toEqual({
      inputPerToken: 0.15e-6,
      outputPerToken: 0.6e-6,
      cacheReadPerToken: 0.075e-6,
      source: "price-table",
    });
    expect(resolveModelGroup(config, "priced/gpt-4o-mini").deployments[0]?.pricing).toEqual({
      inputPerToken: 0.000003,
      outputPerToken: 0.000004,
      source: "config",
    });
    expect(resolveModelGroup(config, "some-unlisted-model").deployments[0]?.pricing).toBeUndefined();
  });

  it("marks a Responses-only model reached through a wildcard", () => {
    expect(resolveModelGroup(config, "gpt-5-codex").deployments[0]?.requiredFormat).toBe("openai-responses");
    expect(resolveModelGroup(config, "gpt-5").deployments[0]?.requiredFormat).toBeUndefined();
  });

  it("answers an unknown model with a 404 naming the model field", () => {
    const bare = configFrom("model_list:\n  - { model_name: only, litellm_params: { model: openai/gpt-4o } }\n");
    expect(tryResolveModelGroup(bare, "nope")).toBeUndefined();
    let caught: unknown;
    try {
      resolveModelGroup(bare, "nope");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect(caught).toMatchObject({
      code: "model_not_found",
      status: 404,
      param: "model",
      message: "The model `nope` does not exist or you do not have access to it.",
    });
  });

  it("falls through an alias whose target does not exist to the name itself", () => {
    const aliased = configFrom(`
model_list:
  - { model_name: fast, litellm_params: { model: openai/gpt-4o-mini } }
router_settings:
  model_group_alias: { fast: missing-group }
`);
    expect(resolveModelGroup(aliased, "fast")).toMatchObject({ match: "exact", group: "fast" });
  });
});

describe("wildcard matching", () => {
  const matches = [
    { pattern: "anthropic/*", model: "anthropic/claude-x", segments: ["claude-x"] },
    { pattern: "anthropic/*", model: "openai/gpt-4o", segments: undefined },
    { pattern: "*", model: "gpt-4o", segments: ["gpt-4o"] },
    { pattern: "openai/gpt-4*", model: "openai/gpt-4", segments: [""] },
    { pattern: "fo::*:static::*", model: "fo::a:static::b", segments: ["a", "b"] },
    { pattern: "a*b", model: "axbyz", segments: undefined },
    { pattern: "v1.*", model: "v1x2", segments: undefined },
  ];
  for (const entry of matches) {
    it(`${entry.pattern} against ${entry.model}`, () => {
      expect(matchWildcardModel(entry.pattern, entry.model)).toEqual(entry.segments);
    });
  }

  it("fills the template's stars in order, and sends the requested name when there are more segments than stars", () => {
    expect(fillWildcardModel("anthropic/*", ["claude-x"], "anthropic/claude-x")).toBe("anthropic/claude-x");
    expect(fillWildcardModel("openai/fo::*:static::*", ["a", "b"], "fo::a:static::b")).toBe("openai/fo::a:static::b");
    expect(fillWildcardModel("bedrock/meta.llama3*", ["hello-", "-70b"], "hello-meta.llama3-70b")).toBe(
      "hello-meta.llama3-70b",
    );
    expect(fillWildcardModel("groq/llama-3.3-70b-versatile", ["x"], "team-x")).toBe("groq/llama-3.3-70b-versatile");
  });

  it("orders longer patterns first", () => {
    expect(["*", "openai/gpt-4*", "openai/*"].sort(compareWildcardSpecificity)).toEqual([
      "openai/gpt-4*",
      "openai/*",
      "*",
    ]);
  });
});
