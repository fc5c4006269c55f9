import { Hono } from "hono";
import { estimateAnthropicInputTokens } from "../../core/formats/anthropic-messages/estimate-anthropic-input-tokens.ts";
import { anthropicMessages } from "../../core/formats/anthropic-messages/index.ts";
import { deploymentsForModel } from "../../core/routing/select-deployment.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { apiKeyAuth } from "../middleware/api-key-auth.ts";
import { speaks } from "../middleware/request-context.ts";
import { handleModelRequest } from "../pipeline/handle-model-request.ts";
import { readLimitedJsonBody } from "../pipeline/read-limited-json-body.ts";

/**
 * POST /v1/messages — Anthropic Messages in (Claude Code sends `?beta=true`;
 * query strings are ignored). POST /v1/messages/count_tokens answers
 * `{ input_tokens }` for the same body.
 */
export const anthropicMessagesRoutes = new Hono<GatewayHonoEnv>()
  .post("/v1/messages", speaks("anthropic-messages"), apiKeyAuth, (c) => handleModelRequest(c, "anthropic-messages"))
  .post("/v1/messages/count_tokens", speaks("anthropic-messages"), apiKeyAuth, async (c) => {
    const { value: body } = await readLimitedJsonBody(c, "anthropic-messages");
    // count_tokens bodies carry no max_tokens; validate the rest as a Messages request.
    const request = anthropicMessages.parseRequest({ max_tokens: 1, ...(body as Record<string, unknown>) });
    deploymentsForModel(c.get("config"), request.model);
    return c.json({ input_tokens: estimateAnthropicInputTokens(body as Record<string, unknown>) });
  });
