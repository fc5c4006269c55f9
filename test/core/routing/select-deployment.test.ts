import { describe, expect, it } from "vitest";
import type { Deployment } from "../../../workers/core/config/gateway-config.ts";
import { parseConfigText } from "../../../workers/core/config/parse-config-text.ts";
import { resolveGatewayConfig } from "../../../workers/core/config/resolve-gateway-config.ts";
import { GatewayError } from "../../../workers/core/errors/gateway-error.ts";
import { deploymentsForModel, pickDeployment } from "../../../workers/core/routing/select-deployment.ts";

const parsed = parseConfigText(
  `
model_list:
  - { model_name: m, litellm_params: { model: openai/a, weight: 1 }, model_info: { id: a } }
  - { model_name: m, litellm_params: { model: openai/b, weight: 3 }, model_info: { id: b } }
  - { model_name: m, litellm_params: { model: openai/c, order: 2 }, model_info: { id: backup } }
`,
  "yaml",
);
if (!parsed.ok) throw new Error("fixture invalid");
const config = resolveGatewayConfig(parsed.config, 1, {});

describe("pickDeployment (simple-shuffle)", () => {
  const deployments = deploymentsForModel(config, "m");

  it("picks by weight within the lowest order tier", () => {
    const pick = (random: number) => pickDeployment(deployments, () => random).id;
    expect(pick(0)).toBe("a");
    expect(pick(0.24)).toBe("a");
    expect(pick(0.26)).toBe("b");
    expect(pick(0.99)).toBe("b");
  });

  it("never picks a higher order tier while the lowest has deployments", () => {
    const seen = new Set<string>();
    for (let index = 0; index < 200; index++) seen.add(pickDeployment(deployments).id);
    expect([...seen].sort()).toEqual(["a", "b"]);
  });

  it("falls back to the first deployment when all weights are zero", () => {
    const zero = deployments.slice(0, 2).map((deployment): Deployment => ({ ...deployment, weight: 0 }));
    expect(pickDeployment(zero, () => 0.9).id).toBe("a");
  });

  it("throws model_not_found for an unknown group", () => {
    expect(() => deploymentsForModel(config, "nope")).toThrowError(GatewayError);
    try {
      deploymentsForModel(config, "nope");
    } catch (error) {
      expect(error).toMatchObject({ code: "model_not_found", status: 404, param: "model" });
    }
  });
});
