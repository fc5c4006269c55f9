import { Hono } from "hono";
import { toGatewayError } from "../../core/errors/gateway-error.ts";
import { gatewayConfigCache } from "../config-cache.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";

/**
 * GET /health — liveness: the isolate answers. GET /health/readiness — the
 * gateway can serve: a config is loaded and D1 answers (LiteLLM's
 * /health/readiness). 503 with the failing check otherwise.
 */
export const healthRoutes = new Hono<GatewayHonoEnv>()
  .get("/health", (c) => c.json({ status: "ok" }))
  .get("/health/readiness", async (c) => {
    const checks: Record<string, string> = {};
    let configVersion: number | null = null;
    try {
      const config = await gatewayConfigCache.get(c.env, (promise) => c.executionCtx.waitUntil(promise));
      configVersion = config.version;
      checks.config = "ok";
    } catch (error) {
      checks.config = toGatewayError(error).message;
    }
    try {
      await c.env.DB.prepare("SELECT 1").first();
      checks.db = "ok";
    } catch {
      checks.db = "unreachable";
    }
    const ready = Object.values(checks).every((value) => value === "ok");
    return c.json({ status: ready ? "ready" : "not_ready", config_version: configVersion, checks }, ready ? 200 : 503);
  });
