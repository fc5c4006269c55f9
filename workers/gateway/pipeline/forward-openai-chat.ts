import type { Context } from "hono";
import type { Deployment } from "../../core/config/gateway-config.ts";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { convertOpenAiChatUsage } from "../../core/formats/openai-chat/convert-openai-chat-usage.ts";
import { openAiChatResponseSchema } from "../../core/formats/openai-chat/openai-chat-api.ts";
import { createOpenAiChatUsageTap } from "../../core/formats/openai-chat/openai-chat-usage-tap.ts";
import { computeCostUsd } from "../../core/pricing/compute-cost.ts";
import { buildOpenAiChatUpstreamRequest } from "../../core/providers/build-openai-chat-upstream-request.ts";
import { findProvider } from "../../core/providers/provider-catalog.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { callUpstream } from "./call-upstream.ts";
import { mapUpstreamError } from "./map-upstream-error.ts";
import { type RecordingContext, type RequestOutcome, recordRequest } from "./record-request.ts";

export interface ChatForwardInput {
  /** The client's body exactly as parsed; only `model` (and `stream_options`) change. */
  body: Record<string, unknown>;
  modelGroup: string;
  deployment: Deployment;
  stream: boolean;
  clientAskedForUsage: boolean;
  sessionId: string | undefined;
}

function recordingContext(c: Context<GatewayHonoEnv>, startedAtEpochMs: number): RecordingContext {
  return {
    env: c.env,
    variables: {
      requestId: c.get("requestId"),
      receivedAt: c.get("receivedAt"),
      apiFormat: c.get("apiFormat"),
      principal: c.get("principal"),
    },
    waitUntil: (promise) => c.executionCtx.waitUntil(promise),
    startedAtEpochMs,
  };
}

function routingHeaders(deployment: Deployment, modelGroup: string, overheadMs: number): Headers {
  return new Headers({
    "x-switchyard-model-group": modelGroup,
    "x-switchyard-provider": deployment.provider,
    "x-switchyard-deployment": deployment.id,
    "x-switchyard-attempts": "1",
    "x-switchyard-overhead-ms": overheadMs.toFixed(3),
  });
}

/**
 * The same-format fast path: an OpenAI Chat request to an OpenAI-compatible
 * upstream. The body is forwarded as the client sent it with the model
 * renamed; streams are only tapped to read usage, never rebuilt.
 */
export async function forwardOpenAiChat(c: Context<GatewayHonoEnv>, input: ChatForwardInput): Promise<Response> {
  const { deployment, modelGroup, stream } = input;
  const startedAtEpochMs = Date.now();
  const provider = findProvider(deployment.provider);
  if (provider === undefined || provider.nativeFormat !== "openai-chat") {
    throw new GatewayError("config_unavailable", `Provider '${deployment.provider}' is not supported yet.`, {
      provider: deployment.provider,
    });
  }
  const upstreamBody: Record<string, unknown> = { ...input.body, model: deployment.upstreamModel };
  if (stream) {
    const options = typeof input.body.stream_options === "object" ? input.body.stream_options : {};
    upstreamBody.stream_options = { ...options, include_usage: true };
  }
  const config = c.get("config");
  const timeoutMs = stream ? deployment.streamTimeoutMs : (deployment.timeoutMs ?? config.requestTimeoutMs);
  const upstreamRequest = buildOpenAiChatUpstreamRequest(
    deployment,
    provider,
    JSON.stringify(upstreamBody),
    timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs),
  );

  const recording = recordingContext(c, startedAtEpochMs);
  const outcome = (partial: Partial<RequestOutcome> & { status: number }): RequestOutcome => ({
    modelGroup,
    deployment,
    usage: undefined,
    errorKind: undefined,
    stream,
    timeToFirstTokenMs: undefined,
    sessionId: input.sessionId,
    ...partial,
  });

  const upstreamStartedAt = performance.now();
  let upstreamResponse: Response;
  try {
    upstreamResponse = await callUpstream(upstreamRequest, deployment, provider);
  } catch (error) {
    const status = error instanceof GatewayError ? error.status : 502;
    recordRequest(recording, outcome({ status, errorKind: error instanceof GatewayError ? error.code : "internal" }));
    throw error;
  }
  const upstreamHeadersAt = performance.now();
  if (!upstreamResponse.ok) {
    const error = await mapUpstreamError(upstreamResponse, provider.id);
    recordRequest(recording, outcome({ status: error.status, errorKind: error.code }));
    throw error;
  }
  const overheadBeforeUpstream = upstreamStartedAt - c.get("receivedAt");

  if (!stream || upstreamResponse.body === null) {
    const text = await upstreamResponse.text();
    const parsed = parseChatResponse(text);
    if (parsed === undefined) {
      const error = new GatewayError("upstream_error", `The ${provider.id} upstream returned an unreadable response.`, {
        provider: provider.id,
        isRetryable: true,
      });
      recordRequest(recording, outcome({ status: error.status, errorKind: "upstream_unreadable" }));
      throw error;
    }
    const usage = parsed.usage ? convertOpenAiChatUsage(parsed.usage) : undefined;
    const record = recordRequest(recording, outcome({ status: 200, usage }));
    const overheadMs = overheadBeforeUpstream + (performance.now() - upstreamHeadersAt);
    const headers = routingHeaders(deployment, modelGroup, overheadMs);
    headers.set("content-type", "application/json");
    const cost = usage === undefined ? undefined : computeCostUsd(usage, deployment.pricing);
    headers.set("x-switchyard-response-cost", cost === undefined ? "unknown" : String(record.costUsd));
    return new Response(text, { status: 200, headers });
  }

  let firstEventAt: number | undefined;
  const tap = createOpenAiChatUsageTap({
    dropUsageOnlyChunk: !input.clientAskedForUsage,
    onFirstEvent: () => {
      firstEventAt = performance.now();
    },
    onEnd: ({ usage, sawDone }) => {
      recordRequest(
        recording,
        outcome({
          status: 200,
          usage,
          errorKind: sawDone ? undefined : "stream_ended_without_done",
          timeToFirstTokenMs: firstEventAt === undefined ? undefined : firstEventAt - c.get("receivedAt"),
        }),
      );
    },
  });
  const headers = routingHeaders(deployment, modelGroup, overheadBeforeUpstream);
  headers.set("content-type", "text/event-stream; charset=utf-8");
  headers.set("cache-control", "no-cache");
  return new Response(upstreamResponse.body.pipeThrough(tap), { status: 200, headers });
}

function parseChatResponse(text: string) {
  try {
    const parsed = openAiChatResponseSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
