import { Hono } from "hono";
import { z } from "zod";
import type { DeploymentHealthRecord } from "../../../durable-objects/routing-health-rpc.ts";
import type { Deployment } from "../../core/config/gateway-config.ts";
import { litellmConfigSchema } from "../../core/config/litellm-config-schema.ts";
import { resolveGatewayConfig } from "../../core/config/resolve-gateway-config.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";
import type { AdminActor, AdminHonoEnv } from "../admin-env.ts";
import { notFound } from "../admin-error.ts";
import { getActiveConfigVersion } from "../config-versions.ts";

const healthQuerySchema = z.strictObject({
  /** How many minutes of outcome counts `recent` covers, the current one included. */
  window_minutes: z.coerce.number().int().min(1).max(60).default(5),
});

/** Operators and read-only dashboards; a team_admin's view is its own team, and deployments are global. */
function requireHealthReader(actor: AdminActor): void {
  const role = actor.role;
  switch (role) {
    case "admin":
    case "viewer":
      return;
    case "team_admin":
      throw new GatewayError("permission_denied", "The deployment health view needs the admin or viewer role.");
    default: {
      const unreachable: never = role;
      throw new Error(`unknown admin role ${String(unreachable)}`);
    }
  }
}

function deploymentHealthView(deployment: Deployment, record: DeploymentHealthRecord | undefined) {
  const cooldown = record?.cooldown ?? null;
  const successes = record?.successes ?? 0;
  const lastError = record?.lastError ?? null;
  return {
    id: deployment.id,
    model_group: deployment.modelGroup,
    provider: deployment.provider,
    upstream_model: deployment.upstreamModel,
    state: cooldown === null ? "healthy" : "cooling_down",
    cooldown_until: cooldown === null ? null : new Date(cooldown.until).toISOString(),
    cooldown_reason: cooldown?.failureClass ?? null,
    recent: { successes, failures: record?.failures ?? 0 },
    last_error:
      lastError === null
        ? null
        : { kind: lastError.kind, status: lastError.status, at: new Date(lastError.at).toISOString() },
    average_latency_ms:
      record === undefined || successes === 0 ? null : Math.round(record.successLatencyMsSum / successes),
  };
}

/**
 * GET /health/deployments — per deployment of the active config: cooling down
 * (until when, why) or healthy, recent successes and failures, the last error
 * and the average latency of successful attempts, as every gateway isolate
 * reported them to the RoutingHealth Durable Object (read through AdminRpc).
 */
export const healthRoutes = new Hono<AdminHonoEnv>().get("/health/deployments", async (c) => {
  requireHealthReader(c.get("actor"));
  const query = healthQuerySchema.safeParse(c.req.query());
  if (!query.success) throw zodErrorToGatewayError(query.error);
  const active = await getActiveConfigVersion(c.env.DB);
  if (active === undefined) throw notFound("An active config");
  const config = resolveGatewayConfig(litellmConfigSchema.parse(JSON.parse(active.configJson)), active.version, c.env);
  const records = new Map(
    (await c.env.GATEWAY.getDeploymentHealth(query.data.window_minutes)).map((record) => [record.deploymentId, record]),
  );
  const deployments = [...config.deploymentsByGroup.values()].flat();
  return c.json({
    config_version: active.version,
    window_minutes: query.data.window_minutes,
    deployments: deployments.map((deployment) => deploymentHealthView(deployment, records.get(deployment.id))),
  });
});
