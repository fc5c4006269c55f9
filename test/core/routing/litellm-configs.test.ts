import { describe, expect, it } from "vitest";
import { DeploymentStatsTracker } from "../../../workers/core/routing/deployment-stats-tracker.ts";
import { expandFallbackChain } from "../../../workers/core/routing/fallback-plan.ts";
import { AttemptPlanner } from "../../../workers/core/routing/plan-attempts.ts";
import { resolveModelGroup } from "../../../workers/core/routing/resolve-model-group.ts";
import fallbacksAllKinds from "../../fixtures/litellm-examples/fallbacks-all-kinds.yaml?raw";
import loadBalancing from "../../fixtures/litellm-examples/load-balancing-rpm-tpm.yaml?raw";
import tagRouting from "../../fixtures/litellm-examples/tag-routing.yaml?raw";
import wildcardProviders from "../../fixtures/litellm-examples/wildcard-providers.yaml?raw";
import { cooldownsFor, drive } from "./plan-attempts-driver.ts";
import { configFrom, fixedStats, T0 } from "./routing-test-helpers.ts";

// Read at build time by Vite; the tests run inside workerd, which has no filesystem.
const shared = import.meta.glob<string>("../../../../shared/fixtures/litellm-configs/*.yaml", {
  query: "?raw",
  import: "default",
  eager: true,
});
function sharedText(name: string): string {
  const entry = Object.entries(shared).find(([path]) => path.endsWith(`/${name}`));
  if (entry === undefined) throw new Error(`missing fixture ${name}`);
  return entry[1];
}
const sharedConfig = (name: string) => configFrom(sharedText(name));

/** How often each deployment is picked first over `draws` evenly spaced random values. */
function spread(config: ReturnType<typeof configFrom>, model: string, draws = 1000) {
  const counts: Record<string, number> = {};
  for (let index = 0; index < draws; index++) {
    const planner = new AttemptPlanner(
      config,
      fixedStats({}),
      cooldownsFor(config),
      { model },
      {
        now: () => T0,
        random: () => (index + 0.5) / draws,
      },
    );
    const step = planner.next();
    if (step.kind !== "try") throw new Error(step.error.message);
    counts[step.deployment.id] = (counts[step.deployment.id] ?? 0) + 1;
  }
  return counts;
}

describe("LiteLLM's documented configs route as LiteLLM would (../shared/fixtures/litellm-configs)", () => {
  for (const [path, text] of Object.entries(shared)) {
    it(`${path.split("/").at(-1)}: every model group resolves and gets a first attempt`, () => {
      const config = configFrom(text);
      for (const [group, deployments] of config.deploymentsByGroup) {
        expect(resolveModelGroup(config, group).deployments.map((entry) => entry.id)).toEqual(
          deployments.map((entry) => entry.id),
        );
        const step = new AttemptPlanner(
          config,
          fixedStats({}),
          cooldownsFor(config),
          { model: group },
          {
            now: () => T0,
            random: () => 0,
          },
        ).next();
        expect(step).toMatchObject({ kind: "try", group, reason: "primary" });
      }
    });
  }

  it("140-load_balancing: spreads evenly over both Azure regions, and retries the other region on a 429", () => {
    const config = sharedConfig("140-load_balancing.yaml");
    expect(spread(config, "gpt-5.1-codex")).toEqual({ "deployment-eastus": 500, "deployment-westeurope": 500 });
    expect(drive(config, { model: "gpt-5.1-codex" }, [{ status: 429 }], { random: () => 0 })).toEqual({
      steps: ["primary gpt-5.1-codex/deployment-eastus +0ms"],
      // num_retries defaults to 0 and there are no fallbacks: the 429 goes back to the caller.
      end: "give-up after 1: 429 rate_limited: The upstream is rate limiting requests.",
    });
    const withRetries = configFrom(`${sharedText("140-load_balancing.yaml")}\nlitellm_settings:\n  num_retries: 1\n`);
    expect(drive(withRetries, { model: "gpt-5.1-codex" }, [{ status: 429 }, "ok"], { random: () => 0 }).steps).toEqual([
      "primary gpt-5.1-codex/deployment-eastus +0ms",
      "retry gpt-5.1-codex/deployment-westeurope +0ms",
    ]);
  });

  it("255-routing: after a 429 cools Anthropic Direct down, the next sonnet-4 request goes to Vertex AI (docs 'How Cooldowns Work')", () => {
    const config = sharedConfig("255-routing.yaml");
    expect(config.deploymentsByGroup.get("sonnet-4")?.map((entry) => `${entry.id} ${entry.provider}`)).toEqual([
      "sonnet-4#0 anthropic",
      "sonnet-4#2 vertex_ai",
    ]);
    expect(resolveModelGroup(config, "byok-sonnet-4").deployments[0]?.apiBase).toBe(
      "https://proxy.litellm.ai/api.anthropic.com",
    );
    const cooldowns = cooldownsFor(config);
    expect(drive(config, { model: "sonnet-4" }, [{ status: 429 }], { cooldowns, random: () => 0 }).steps).toEqual([
      "primary sonnet-4/sonnet-4#0 +0ms",
    ]);
    expect(cooldowns.remainingMs("sonnet-4#0", T0)).toBe(5_000);
    expect(drive(config, { model: "sonnet-4" }, ["ok"], { cooldowns, random: () => 0 }).steps).toEqual([
      "primary sonnet-4/sonnet-4#2 +0ms",
    ]);
  });

  it("213-tag_routing: untagged and tagged requests reach the default-tagged deployment", () => {
    const config = sharedConfig("213-tag_routing.yaml");
    for (const tags of [[], ["teamA"]]) {
      expect(drive(config, { model: "fake-openai-endpoint", tags }, ["ok"]).steps).toEqual([
        "primary fake-openai-endpoint/default-model +0ms",
      ]);
    }
  });

  it("076-configs, 183-prometheus, 239-response_api: exact names, provider-prefixed ones included", () => {
    expect(resolveModelGroup(sharedConfig("076-configs.yaml"), "gpt-4-team1").deployments[0]).toMatchObject({
      provider: "azure",
      upstreamModel: "chatgpt-v-2",
      apiVersion: "2023-05-15",
    });
    expect(resolveModelGroup(sharedConfig("183-prometheus.yaml"), "openai/gpt-4o")).toMatchObject({ match: "exact" });
    expect(
      resolveModelGroup(sharedConfig("239-response_api.yaml"), "vertex_ai/gemini-1.5-pro").deployments[0],
    ).toMatchObject({
      provider: "vertex_ai",
      upstreamModel: "gemini-1.5-pro",
      providerParams: { vertexLocation: "us-central1" },
    });
  });
});

describe("test/fixtures/litellm-examples/load-balancing-rpm-tpm.yaml", () => {
  const env = {
    AZURE_API_KEY: "azure-test-key",
    AZURE_API_VERSION: "2024-10-21",
    AZURE_API_BASE: "https://example-eastus.openai.azure.com",
    OPENAI_API_KEY: "sk-test",
    LITELLM_MASTER_KEY: "sk-master",
  };
  const config = configFrom(loadBalancing, env);

  it("resolves os.environ/ references and the router settings", () => {
    expect(config.warnings).toEqual([]);
    expect(config.deploymentsByGroup.get("gpt-4o-mini")?.[1]).toMatchObject({
      id: "azure-chatgpt-functioncalling",
      apiKey: "azure-test-key",
      apiBase: "https://example-eastus.openai.azure.com",
      apiVersion: "2024-10-21",
      rpm: 10,
      tpm: 100000,
    });
    expect(config.numRetries).toBe(2);
    expect(config.routing).toMatchObject({ strategy: "simple-shuffle", allowedFails: 3, cooldownTimeMs: 30_000 });
  });

  it("simple-shuffle spreads by rpm: 900 : 10 : 90", () => {
    expect(spread(config, "gpt-4o-mini")).toEqual({
      "azure-chatgpt-v-2": 900,
      "azure-chatgpt-functioncalling": 10,
      "openai-gpt-4o-mini": 90,
    });
  });

  it("usage-based-routing-v2 picks the fewest tokens this minute, never past a deployment's rpm or tpm", () => {
    const stats = new DeploymentStatsTracker();
    const use = (id: string, requests: number, tokens: number) => {
      for (let index = 0; index < requests; index++) {
        stats.onStart(id, T0);
        stats.onEnd(id, { latencyMs: 400, tokens: tokens / requests, ok: true }, T0);
      }
    };
    use("azure-chatgpt-v-2", 100, 60_000);
    use("azure-chatgpt-functioncalling", 10, 1_000);
    use("openai-gpt-4o-mini", 20, 20_000);
    const request = { model: "gpt-4o-mini", override: { strategy: "usage-based-routing-v2" } };
    // functioncalling used the fewest tokens but is at its 10 rpm.
    expect(drive(config, request, ["ok"], { stats }).steps).toEqual(["primary gpt-4o-mini/openai-gpt-4o-mini +0ms"]);
    // A 50k-token prompt fits only openai's 1M tpm; azure-chatgpt-v-2 would pass its 100k.
    expect(drive(config, { ...request, inputTokens: 50_000 }, ["ok"], { stats }).steps).toEqual([
      "primary gpt-4o-mini/openai-gpt-4o-mini +0ms",
    ]);
  });

  it("cools a rate-limited deployment down for the configured 30 s and retries another at once", () => {
    const cooldowns = cooldownsFor(config);
    expect(
      drive(config, { model: "gpt-4o-mini" }, [{ status: 429 }, "ok"], { cooldowns, random: () => 0 }).steps,
    ).toEqual([
      "primary gpt-4o-mini/azure-chatgpt-v-2 +0ms",
      // The other two by rpm, 10 : 90; random 0 lands on the first.
      "retry gpt-4o-mini/azure-chatgpt-functioncalling +0ms",
    ]);
    expect(cooldowns.remainingMs("azure-chatgpt-v-2", T0)).toBe(30_000);
  });
});

describe("test/fixtures/litellm-examples/fallbacks-all-kinds.yaml", () => {
  const config = configFrom(fallbacksAllKinds, {
    AZURE_API_BASE: "https://example-eastus.openai.azure.com",
    AZURE_API_KEY: "azure-test-key",
    OPENAI_API_KEY: "sk-test",
    ANTHROPIC_API_KEY: "sk-ant-test",
  });

  it("reads retries, timeout, cooldowns and all three fallback kinds from litellm_settings", () => {
    expect(config.warnings).toEqual([]);
    expect(config.numRetries).toBe(3);
    expect(config.requestTimeoutMs).toBe(10_000);
    expect(config.routing).toMatchObject({
      allowedFails: 3,
      cooldownTimeMs: 30_000,
      fallbacks: [{ "zephyr-beta": ["gpt-3.5-turbo-small"] }, { "*": ["claude-opus"] }],
      contextWindowFallbacks: [{ "gpt-3.5-turbo-small": ["gpt-3.5-turbo-large", "claude-opus"] }],
      contentPolicyFallbacks: [{ "gpt-3.5-turbo-small": ["claude-opus"] }],
    });
  });

  it("documents the order each failure walks", () => {
    expect(expandFallbackChain(config.routing, "zephyr-beta", "server")).toEqual([
      "gpt-3.5-turbo-small",
      "claude-opus",
    ]);
    expect(expandFallbackChain(config.routing, "gpt-3.5-turbo-small", "context_window")).toEqual([
      "gpt-3.5-turbo-large",
      "claude-opus",
    ]);
    expect(expandFallbackChain(config.routing, "gpt-3.5-turbo-small", "content_policy")).toEqual(["claude-opus"]);
    expect(expandFallbackChain(config.routing, "gpt-3.5-turbo-large", "rate_limit")).toEqual(["claude-opus"]);
    expect(expandFallbackChain(config.routing, "gpt-3.5-turbo-small", "bad_request")).toEqual([]);
  });

  it("retries zephyr-beta 3 times across its deployments, then falls back, then to the default fallback", () => {
    const e500 = { status: 500 };
    const result = drive(config, { model: "zephyr-beta" }, [e500, e500, e500, e500, e500, e500, e500, e500, "ok"]);
    expect(result).toEqual({
      steps: [
        // Uniform picks at random 0.5: the middle of what is left each time.
        "primary zephyr-beta/zephyr-8002 +0ms",
        "retry zephyr-beta/zephyr-8003 +0ms",
        "retry zephyr-beta/zephyr-8001 +0ms",
        // All three tried: one that failed before, never the one that just did.
        "retry zephyr-beta/zephyr-8003 +0ms",
        "fallback gpt-3.5-turbo-small/azure-small +0ms",
        "retry gpt-3.5-turbo-small/azure-small +250ms",
        "retry gpt-3.5-turbo-small/azure-small +500ms",
        "retry gpt-3.5-turbo-small/azure-small +1000ms",
        "fallback claude-opus/anthropic-opus +0ms",
      ],
      end: "ok after 9",
    });
  });

  it("sends a context-window error through context_window_fallbacks in order", () => {
    const tooLong = { status: 400, message: "This model's maximum context length is 16385 tokens." };
    expect(drive(config, { model: "gpt-3.5-turbo-small" }, [tooLong, tooLong, "ok"]).steps).toEqual([
      "primary gpt-3.5-turbo-small/azure-small +0ms",
      "fallback gpt-3.5-turbo-large/openai-large +0ms",
      "fallback claude-opus/anthropic-opus +0ms",
    ]);
  });

  it("sends a content-policy refusal to content_policy_fallbacks", () => {
    const refused = {
      status: 400,
      message:
        "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
    };
    expect(drive(config, { model: "gpt-3.5-turbo-small" }, [refused, "ok"]).steps).toEqual([
      "primary gpt-3.5-turbo-small/azure-small +0ms",
      "fallback claude-opus/anthropic-opus +0ms",
    ]);
  });
});

describe("test/fixtures/litellm-examples/wildcard-providers.yaml", () => {
  const config = configFrom(wildcardProviders, {
    AZURE_API_BASE: "https://example-eastus.openai.azure.com",
    AZURE_API_KEY: "azure-test-key",
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_REGION_NAME: "us-west-2",
    VLLM_API_KEY: "vllm-test-key",
    OPENAI_API_KEY: "sk-test",
  });
  const upstream = (model: string) => {
    const resolved = resolveModelGroup(config, model);
    const deployment = resolved.deployments[0];
    return {
      group: resolved.group,
      pattern: resolved.pattern,
      id: deployment?.id,
      provider: deployment?.provider,
      model: deployment?.upstreamModel,
    };
  };

  it("resolves every os.environ/ reference and supports every provider", () => {
    expect(config.warnings).toEqual([]);
    expect(resolveModelGroup(config, "bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0").deployments[0]).toMatchObject(
      {
        providerParams: {
          awsAccessKeyId: "AKIAIOSFODNN7EXAMPLE",
          awsSecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          awsRegionName: "us-west-2",
        },
        pricing: { source: "price-table", inputPerToken: 3e-6 },
      },
    );
  });

  it("routes each request to its provider's wildcard with the model name LiteLLM would send", () => {
    expect(upstream("azure/gpt-4o")).toEqual({
      group: "azure/gpt-4o",
      pattern: "azure/*",
      id: "azure-any@gpt-4o",
      provider: "azure",
      model: "gpt-4o",
    });
    expect(upstream("vllm/meta-llama/Llama-3.3-70B-Instruct")).toEqual({
      group: "vllm/meta-llama/Llama-3.3-70B-Instruct",
      pattern: "vllm/*",
      id: "vllm-any@meta-llama/Llama-3.3-70B-Instruct",
      provider: "hosted_vllm",
      model: "meta-llama/Llama-3.3-70B-Instruct",
    });
    expect(upstream("openai/gpt-4.1")).toEqual({
      group: "openai/gpt-4.1",
      pattern: "openai/gpt-4*",
      id: "openai-gpt-4-family@gpt-4.1",
      provider: "openai",
      model: "gpt-4.1",
    });
    expect(upstream("gpt-4o-mini")).toEqual({
      group: "gpt-4o-mini",
      pattern: "*",
      id: "openai-any@gpt-4o-mini",
      provider: "openai",
      model: "gpt-4o-mini",
    });
    expect(resolveModelGroup(config, "vllm/x").deployments[0]?.apiBase).toBe("http://vllm.internal:8000/v1");
    expect(resolveModelGroup(config, "openai/gpt-4.1").deployments[0]?.rpm).toBe(500);
  });

  it("follows model_group_alias, hidden or not, into the wildcards", () => {
    expect(upstream("claude")).toMatchObject({
      provider: "bedrock",
      model: "anthropic.claude-sonnet-4-5-20250929-v1:0",
    });
    expect(upstream("cheap")).toMatchObject({ provider: "openai", model: "gpt-4o-mini" });
    expect(config.routing.modelGroupAlias.get("cheap")).toEqual({ model: "gpt-4o-mini", hidden: true });
  });

  it("falls back from Azure to OpenAI for the same model; a 404 for one Azure model cools only that model", () => {
    const cooldowns = cooldownsFor(config);
    const notDeployed = { status: 404, message: "The API deployment for this resource does not exist." };
    expect(drive(config, { model: "azure/gpt-4o" }, [notDeployed, "ok"], { cooldowns }).steps).toEqual([
      "primary azure/gpt-4o/azure-any@gpt-4o +0ms",
      "fallback openai/gpt-4o/openai-gpt-4-family@gpt-4o +0ms",
    ]);
    expect(cooldowns.state("azure-any@gpt-4o", T0)).toBe("cooling");
    expect(cooldowns.state("azure-any@gpt-4o-mini", T0)).toBe("healthy");
  });
});

describe("test/fixtures/litellm-examples/tag-routing.yaml", () => {
  const config = configFrom(tagRouting, { OPENAI_API_KEY: "sk-test", LITELLM_MASTER_KEY: "sk-master" });
  const first = (tags: string[]) => drive(config, { model: "gpt-4o", tags }, ["ok"]).steps;

  it("routes tags=['free'] to the free deployment, ['paid'] to the paid one, untagged to default", () => {
    expect(first(["free"])).toEqual(["primary gpt-4o/free-model +0ms"]);
    expect(first(["paid"])).toEqual(["primary gpt-4o/paid-model +0ms"]);
    expect(first([])).toEqual(["primary gpt-4o/default-model +0ms"]);
  });
});
