import { Hono } from "hono";
import { keyAllowsModel } from "../../core/auth/cached-key.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { apiKeyAuth } from "../middleware/api-key-auth.ts";

/**
 * GET /v1/models — the config's model groups. Answered in Anthropic's list
 * shape when the caller sends `anthropic-version` (Claude Code's gateway model
 * discovery), else in OpenAI's.
 */
export const modelRoutes = new Hono<GatewayHonoEnv>().get("/v1/models", apiKeyAuth, (c) => {
  const principal = c.get("principal");
  // A key sees only the model groups it may use.
  const groups = [...c.get("config").deploymentsByGroup.keys()].filter(
    (group) => principal.kind === "master" || keyAllowsModel(principal.key, group),
  );
  if (c.req.header("anthropic-version") !== undefined) {
    return c.json({
      data: groups.map((id) => ({ type: "model", id, display_name: id, created_at: "1970-01-01T00:00:00Z" })),
      has_more: false,
      first_id: groups[0] ?? null,
      last_id: groups[groups.length - 1] ?? null,
    });
  }
  return c.json({
    object: "list",
    data: groups.map((id) => ({ id, object: "model", created: 0, owned_by: "switchyard" })),
  });
});
