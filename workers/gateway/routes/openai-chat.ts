import { Hono } from "hono";
import { openAiChatRequestSchema } from "../../core/formats/openai-chat/openai-chat-api.ts";
import { deploymentsForModel, pickDeployment } from "../../core/routing/select-deployment.ts";
import { sessionIdFromHeaders } from "../../core/session/session-identity.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { apiKeyAuth } from "../middleware/api-key-auth.ts";
import { speaks } from "../middleware/request-context.ts";
import { forwardOpenAiChat } from "../pipeline/forward-openai-chat.ts";
import { DEFAULT_MAX_BODY_BYTES, parseRequestBody, readJsonBody } from "../pipeline/read-json-body.ts";

/** POST /v1/chat/completions — OpenAI Chat Completions in. */
export const openAiChatRoutes = new Hono<GatewayHonoEnv>().post(
  "/v1/chat/completions",
  speaks("openai-chat"),
  apiKeyAuth,
  async (c) => {
    const maxBytes = Number(c.env.MAX_BODY_BYTES ?? DEFAULT_MAX_BODY_BYTES);
    const body = (await readJsonBody(c.req.raw, maxBytes)) as Record<string, unknown>;
    const request = parseRequestBody(openAiChatRequestSchema, body);
    const deployment = pickDeployment(deploymentsForModel(c.get("config"), request.model));
    return forwardOpenAiChat(c, {
      body,
      modelGroup: request.model,
      deployment,
      stream: request.stream === true,
      clientAskedForUsage: request.stream_options?.include_usage === true,
      sessionId: sessionIdFromHeaders(c.req.raw.headers),
    });
  },
);
