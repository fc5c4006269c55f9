import { Hono } from "hono";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { apiKeyAuth } from "../middleware/api-key-auth.ts";
import { speaks } from "../middleware/request-context.ts";
import { handleModelRequest } from "../pipeline/handle-model-request.ts";

/**
 * Gemini's native API in: POST /v1beta/models/{model}:generateContent and
 * :streamGenerateContent (`?alt=sse`). The model and streaming are in the path.
 */
export const geminiRoutes = new Hono<GatewayHonoEnv>().post(
  "/v1beta/models/:target{.+}",
  speaks("gemini"),
  apiKeyAuth,
  (c) => {
    const target = c.req.param("target");
    const separator = target.lastIndexOf(":");
    const model = separator > 0 ? target.slice(0, separator) : "";
    const method = separator > 0 ? target.slice(separator + 1) : "";
    if (method !== "generateContent" && method !== "streamGenerateContent") {
      throw new GatewayError("route_not_found", `Unsupported Gemini method '${method || target}'.`);
    }
    return handleModelRequest(c, "gemini", {
      modelFromPath: model,
      streamFromPath: method === "streamGenerateContent",
    });
  },
);
