import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../../workers/core/config/parse-config-text.ts";
import { resolveGatewayConfig } from "../../../workers/core/config/resolve-gateway-config.ts";

function resolve(yaml: string, env: Record<string, string> = {}) {
  const parsed = parseConfigText(yaml, "yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return resolveGatewayConfig(parsed.config, 1, env);
}

const yaml = `
model_list:
  - model_name: gpt
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
      timeout: 30
      weight: 3
    model_info:
      id: east
  - model_name: gpt
    litellm_params:
      model: azure-ish/gpt-4o
      api_key: os.environ/MISSING_KEY
  - model_name: llama
    litellm_params:
      model: groq/llama-3.3-70b
environment_variables:
  OPENAI_API_KEY: from-config
general_settings:
  master_key: sk-config-master
`;

describe("resolveGatewayConfig", () => {
  it("groups deployments by model name, in config order, with LiteLLM's provider prefixes", () => {
    const config = resolve(yaml);
    expect([...config.deploymentsByGroup.keys()]).toEqual(["gpt", "llama"]);
    const [east, second] = config.deploymentsByGroup.get("gpt") ?? [];
    expect(east).toMatchObject({
      id: "east",
      provider: "openai",
      upstreamModel: "gpt-4o",
      weight: 3,
      timeoutMs: 30000,
    });
    expect(second?.id).toBe("gpt#1");
    expect(config.deploymentsByGroup.get("llama")?.[0]).toMatchObject({
      provider: "groq",
      upstreamModel: "llama-3.3-70b",
    });
  });

  it("resolves os.environ/ from Worker secrets first, then environment_variables, and warns about missing ones", () => {
    expect(resolve(yaml).deploymentsByGroup.get("gpt")?.[0]?.apiKey).toBe("from-config");
    const config = resolve(yaml, { OPENAI_API_KEY: "from-secret" });
    expect(config.deploymentsByGroup.get("gpt")?.[0]?.apiKey).toBe("from-secret");
    expect(config.warnings).toContain(
      "model_list[1].litellm_params.api_key: environment variable MISSING_KEY is not set",
    );
    expect(config.warnings).toContain(
      "model_list[1].litellm_params.model: provider 'azure-ish' is not supported yet; requests to it will fail",
    );
  });

  it("takes the master key from the MASTER_KEY secret over the config", () => {
    expect(resolve(yaml).masterKey).toBe("sk-config-master");
    expect(resolve(yaml, { MASTER_KEY: "sk-secret-master" }).masterKey).toBe("sk-secret-master");
  });
});
