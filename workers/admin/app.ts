import { Hono } from "hono";
import { GatewayError } from "../core/errors/gateway-error.ts";
import type { AdminHonoEnv } from "./admin-env.ts";
import { adminErrorResponse } from "./admin-error.ts";
import { adminAuth } from "./middleware/admin-auth.ts";
import { auditAdminActions } from "./middleware/audit-admin-actions.ts";
import { agentRoutes } from "./routes/agent-routes.ts";
import { analyticsRoutes } from "./routes/analytics-routes.ts";
import { approvalRoutes } from "./routes/approval-routes.ts";
import { auditRoutes } from "./routes/audit-routes.ts";
import { authSessionRoutes } from "./routes/auth-session-routes.ts";
import { configRoutes } from "./routes/config-routes.ts";
import { healthRoutes } from "./routes/health-routes.ts";
import { keyRoutes } from "./routes/key-routes.ts";
import { killSwitchRoutes } from "./routes/kill-switch-routes.ts";
import { mcpServerRoutes } from "./routes/mcp-server-routes.ts";
import { memoryRoutes } from "./routes/memory-routes.ts";
import { modelRoutes } from "./routes/model-routes.ts";
import { priceRoutes } from "./routes/price-routes.ts";
import { sessionReplayRoutes } from "./routes/session-replay-routes.ts";
import { sessionRoutes } from "./routes/session-routes.ts";
import { signInRoutes } from "./routes/sign-in-routes.ts";
import { spendRoutes } from "./routes/spend-routes.ts";
import { teamRoutes } from "./routes/team-routes.ts";
import { toolPolicyRoutes } from "./routes/tool-policy-routes.ts";
import { userRoutes } from "./routes/user-routes.ts";
import { vaultRoutes } from "./routes/vault-routes.ts";

export const adminApp = new Hono<AdminHonoEnv>()
  .get("/health", (c) => c.json({ status: "ok" }))
  // Sign-in authenticates the key in its body, so it answers before adminAuth (and audits itself).
  .route("/", signInRoutes)
  .use(adminAuth)
  .use(auditAdminActions)
  .route("/", authSessionRoutes)
  .route("/", analyticsRoutes)
  .route("/", configRoutes)
  .route("/", keyRoutes)
  .route("/", teamRoutes)
  .route("/", userRoutes)
  .route("/", spendRoutes)
  .route("/", sessionRoutes)
  .route("/", sessionReplayRoutes)
  .route("/", modelRoutes)
  .route("/", healthRoutes)
  .route("/", priceRoutes)
  .route("/", auditRoutes)
  .route("/", agentRoutes)
  .route("/", memoryRoutes)
  .route("/", approvalRoutes)
  .route("/", killSwitchRoutes)
  .route("/", vaultRoutes)
  .route("/", mcpServerRoutes)
  .route("/", toolPolicyRoutes);

adminApp.notFound((c) =>
  adminErrorResponse(c, new GatewayError("route_not_found", `Unknown route: ${c.req.method} ${c.req.path}`)),
);
adminApp.onError((error, c) => adminErrorResponse(c, error));

/** For a typed dashboard client (`hono/client`). */
export type AdminApp = typeof adminApp;
