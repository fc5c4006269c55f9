import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../workers/core/errors/gateway-error.ts";
import { resolveRoutingOverride } from "../../../workers/core/routing/routing-override.ts";
import { deployment } from "./routing-test-helpers.ts";

const deployments = [deployment("east"), deployment("anthropic-any@claude-haiku-4-5")];
const allIds = new Set(["east", "anthropic-any", "other-group-deployment"]);

function resolve(override: { deploymentId?: string; strategy?: string } | undefined) {
  try {
    const resolved = resolveRoutingOverride(override, "gpt-4o", deployments, allIds);
    return { deployment: resolved.deployment?.id, strategy: resolved.strategy };
  } catch (error) {
    if (error instanceof GatewayError) return { status: error.status, param: error.param, message: error.message };
    throw error;
  }
}

describe("resolveRoutingOverride", () => {
  const rows = [
    { override: undefined, expected: { deployment: undefined, strategy: undefined } },
    { override: {}, expected: { deployment: undefined, strategy: undefined } },
    { override: { deploymentId: "east" }, expected: { deployment: "east", strategy: undefined } },
    {
      override: { deploymentId: "anthropic-any" },
      expected: { deployment: "anthropic-any@claude-haiku-4-5", strategy: undefined },
    },
    { override: { strategy: "least-busy" }, expected: { deployment: undefined, strategy: "least-busy" } },
    {
      override: { deploymentId: "east", strategy: "cost-based-routing" },
      expected: { deployment: "east", strategy: "cost-based-routing" },
    },
    {
      override: { strategy: "round-robin" },
      expected: {
        status: 400,
        param: "routing_strategy",
        message:
          "Unknown routing strategy 'round-robin'; use one of simple-shuffle, least-busy, latency-based-routing, usage-based-routing, usage-based-routing-v2, cost-based-routing.",
      },
    },
    {
      override: { deploymentId: "west" },
      expected: { status: 400, param: "deployment_id", message: "Unknown deployment 'west'." },
    },
    {
      override: { deploymentId: "other-group-deployment" },
      expected: {
        status: 400,
        param: "deployment_id",
        message: "Deployment 'other-group-deployment' does not serve model `gpt-4o`.",
      },
    },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.override)}`, () => {
      expect(resolve(row.override)).toEqual(row.expected);
    });
  }
});
