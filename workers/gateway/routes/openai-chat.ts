import { Hono } from "hono";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { apiKeyAuth } from "../middleware/api-key-auth.ts";
import { speaks } from "../middleware/request-context.ts";
import { handleModelRequest } from "../pipeline/handle-model-request.ts";

/** POST /v1/chat/completions — OpenAI Chat Completions in (OpenCode, the openai SDK). */
export const openAiChatRoutes = new Hono<GatewayHonoEnv>().post(
  "/v1/chat/completions",
  speaks("openai-chat"),
  apiKeyAuth,
  (c) => handleModelRequest(c, "openai-chat"),
);
