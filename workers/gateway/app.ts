import { Hono } from "hono";
import { GatewayError, toGatewayError } from "../core/errors/gateway-error.ts";
import { recordPolicyRefusal } from "./audit/record-policy-refusal.ts";
import { egressRoutes } from "./egress/egress-routes.ts";
import { errorResponse } from "./error-response.ts";
import type { GatewayHonoEnv } from "./gateway-env.ts";
import { mcpMemoryRoutes } from "./mcp/mcp-memory-routes.ts";
import { mcpGatewayRoutes } from "./mcp-gateway/mcp-gateway-routes.ts";
import { requestContext } from "./middleware/request-context.ts";
import { requestHeaderLimit } from "./middleware/request-header-limit.ts";
import { anthropicMessagesRoutes } from "./routes/anthropic-messages.ts";
import { embeddingsRoutes } from "./routes/embeddings.ts";
import { geminiRoutes } from "./routes/gemini.ts";
import { healthRoutes } from "./routes/health.ts";
import { modelRoutes } from "./routes/models.ts";
import { openAiChatRoutes } from "./routes/openai-chat.ts";
import { openAiResponsesRoutes } from "./routes/openai-responses.ts";

export const gatewayApp = new Hono<GatewayHonoEnv>()
  .use(requestContext)
  .use(requestHeaderLimit)
  // Claude Code probes the base URL with HEAD / before its first call.
  .on(["GET", "HEAD"], "/", (c) => c.json({ service: "switchyard-gateway", status: "ok" }))
  .route("/", healthRoutes)
  .route("/", openAiChatRoutes)
  .route("/", openAiResponsesRoutes)
  .route("/", anthropicMessagesRoutes)
  .route("/", geminiRoutes)
  .route("/", embeddingsRoutes)
  .route("/", modelRoutes)
  .route("/", mcpMemoryRoutes)
  .route("/", mcpGatewayRoutes)
  .route("/", egressRoutes);

gatewayApp.notFound((c) => {
  const error = new GatewayError("route_not_found", `Unknown route: ${c.req.method} ${c.req.path}`);
  return errorResponse(c.get("apiFormat"), error, c.get("requestId"));
});

gatewayApp.onError((thrown, c) => {
  const error = toGatewayError(thrown);
  if (error.code === "internal") console.error(`request ${c.get("requestId")} failed`, thrown);
  recordPolicyRefusal(c, error);
  return errorResponse(c.get("apiFormat"), error, c.get("requestId"));
});
