import { Hono } from "hono";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { apiKeyAuth } from "../middleware/api-key-auth.ts";
import { speaks } from "../middleware/request-context.ts";
import { handleModelRequest } from "../pipeline/handle-model-request.ts";

/** POST /v1/responses — OpenAI Responses in (Codex CLI speaks only this). */
export const openAiResponsesRoutes = new Hono<GatewayHonoEnv>().post(
  "/v1/responses",
  speaks("openai-responses"),
  apiKeyAuth,
  (c) => handleModelRequest(c, "openai-responses"),
);
