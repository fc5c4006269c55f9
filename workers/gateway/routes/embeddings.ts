import { Hono } from "hono";
import { costOfTokens, estimateInputTokens } from "../../core/budget/estimate-request-cost.ts";
import { GatewayError, toGatewayError } from "../../core/errors/gateway-error.ts";
import {
  openAiEmbeddingsRequestSchema,
  openAiEmbeddingsResponseSchema,
} from "../../core/formats/openai-embeddings/openai-embeddings-api.ts";
import type { Usage } from "../../core/ir/usage.ts";
import { answerMockEmbeddings } from "../../core/providers/mock-embeddings.ts";
import { joinUrlPath } from "../../core/providers/transports/join-url-path.ts";
import { OPENAI_COMPATIBLE_PROVIDERS } from "../../core/providers/transports/openai-compatible-providers.ts";
import { openAiCompatibleApiBase } from "../../core/providers/transports/openai-compatible-transport.ts";
import { deploymentsForModel, pickDeployment } from "../../core/routing/select-deployment.ts";
import { deploymentSecrets } from "../../core/secrets/scrub-deployment-secrets.ts";
import { requestBudgetOf } from "../budget/request-budget-of.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { apiKeyAuth } from "../middleware/api-key-auth.ts";
import { speaks } from "../middleware/request-context.ts";
import { outboundFetch } from "../outbound-fetch.ts";
import { assertModelAccess } from "../pipeline/assert-model-access.ts";
import { mapUpstreamError } from "../pipeline/map-upstream-error.ts";
import { parseRequestBody } from "../pipeline/read-json-body.ts";
import { readLimitedJsonBody } from "../pipeline/read-limited-json-body.ts";
import { type RequestOutcome, recordingContextOf, recordRequest } from "../pipeline/record-request.ts";

const providersById = new Map(OPENAI_COMPATIBLE_PROVIDERS.map((provider) => [provider.id, provider]));

function embeddingUsage(promptTokens: number): Usage {
  return {
    inputTokens: { total: promptTokens, noCache: promptTokens, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: 0, text: 0, reasoning: 0 },
  };
}

/**
 * POST /v1/embeddings — OpenAI's embeddings API, forwarded as-is (model
 * renamed) to the OpenAI-compatible family, or answered by `mock/`.
 */
export const embeddingsRoutes = new Hono<GatewayHonoEnv>().post(
  "/v1/embeddings",
  speaks("openai-chat"),
  apiKeyAuth,
  async (c) => {
    const measured = await readLimitedJsonBody(c, undefined);
    const body = measured.value as Record<string, unknown>;
    const request = parseRequestBody(openAiEmbeddingsRequestSchema, body);
    assertModelAccess(c.get("principal"), request.model);
    const deployment = pickDeployment(deploymentsForModel(c.get("config"), request.model));
    const recording = recordingContextOf(c);
    const base = {
      modelGroup: request.model,
      deployment,
      stream: false,
      timeToFirstTokenMs: undefined,
      sessionId: undefined,
    };
    // Embeddings have no output to meter: the whole input estimate is held, and settled to the recorded cost.
    const budget = requestBudgetOf(c);
    const finish = (outcome: Pick<RequestOutcome, "usage" | "status" | "errorKind">) => {
      const recorded = recordRequest(recording, { ...base, ...outcome });
      budget?.settle(recorded.costUsd, recorded.inputTokens);
      return recorded;
    };
    if (budget !== undefined) {
      const inputTokens = estimateInputTokens(measured.byteLength);
      try {
        await budget.ensureHeld(costOfTokens(deployment.pricing, inputTokens, 0) ?? null, inputTokens);
      } catch (thrown) {
        const error = toGatewayError(thrown);
        finish({ usage: undefined, status: error.status, errorKind: error.code });
        throw error;
      }
    }

    let answer: unknown;
    if (deployment.provider === "mock") {
      answer = answerMockEmbeddings(request, deployment.upstreamModel);
    } else {
      const provider = providersById.get(deployment.provider);
      if (provider === undefined) {
        throw new GatewayError(
          "invalid_request",
          `Model '${request.model}' does not serve embeddings through Switchyard yet.`,
          {
            param: "model",
          },
        );
      }
      const headers = new Headers({ "content-type": "application/json" });
      if (deployment.apiKey !== undefined && deployment.apiKey !== "")
        headers.set("authorization", `Bearer ${deployment.apiKey}`);
      const url = joinUrlPath(openAiCompatibleApiBase(provider, deployment), "embeddings");
      let response: Response;
      try {
        response = await outboundFetch(c.env)(url, {
          method: "POST",
          headers,
          body: JSON.stringify({ ...body, model: deployment.upstreamModel }),
        });
      } catch (cause) {
        const error =
          cause instanceof GatewayError
            ? cause
            : new GatewayError("upstream_unreachable", `The ${provider.id} upstream could not be reached.`, {
                cause,
                isRetryable: true,
              });
        finish({ usage: undefined, status: error.status, errorKind: error.code });
        throw error;
      }
      if (!response.ok) {
        const error = await mapUpstreamError(response, provider.id, deploymentSecrets(deployment));
        finish({ usage: undefined, status: error.status, errorKind: error.code });
        throw error;
      }
      answer = await response.json();
    }
    const parsed = openAiEmbeddingsResponseSchema.safeParse(answer);
    const usage = parsed.success ? embeddingUsage(parsed.data.usage?.prompt_tokens ?? 0) : undefined;
    const recorded = finish({ usage, status: 200, errorKind: undefined });
    return c.json(answer as Record<string, unknown>, 200, {
      ...budget?.headers(),
      "x-switchyard-model-group": request.model,
      "x-switchyard-provider": deployment.provider,
      "x-switchyard-deployment": deployment.id,
      "x-switchyard-response-cost": deployment.pricing === undefined ? "unknown" : String(recorded.costUsd),
    });
  },
);
