import { chargeableUsage } from "../../core/budget/chargeable-usage.ts";
import { applyTranslationPolicy } from "../../core/formats/apply-translation-policy.ts";
import { outboundAdapterFor } from "../../core/formats/format-registry.ts";
import type { IrResponse } from "../../core/ir/response.ts";
import { computeCostUsd } from "../../core/pricing/compute-cost.ts";
import { assembleMeteredResponse } from "./assemble-metered-response.ts";
import { coalesceByteChunks } from "./coalesce-byte-chunks.ts";
import { composeTransformers } from "./compose-transformers.ts";
import {
  exchangeWithUpstream,
  forwardableHeaders,
  streamReadErrorKind,
  unreadableUpstreamResponse,
  upstreamTimeoutSignal,
} from "./exchange-with-upstream.ts";
import { irStreamMeterTransformer } from "./ir-stream-meter.ts";
import {
  budgetMeterFor,
  type ModelRequestScope,
  record,
  routingHeaders,
  SSE_HEADERS,
  sinceArrival,
} from "./model-request-scope.ts";
import { transformUpstreamBody } from "./transform-upstream-body.ts";

/**
 * Different formats in and out: IR → the provider's request; the provider's
 * response → IR → the client's format. Streams are translated event by event:
 * upstream bytes → provider decoder → meter → client encoder.
 */
export async function forwardTranslated(scope: ModelRequestScope): Promise<Response> {
  const target = outboundAdapterFor(scope.upstreamFormat);
  const config = scope.c.get("config");
  const policy = applyTranslationPolicy(scope.ir, scope.inbound.format, scope.upstreamFormat);
  // A non-streaming call that could outgrow its budget slice is streamed upstream, metered, and assembled.
  const upstreamStreams = scope.stream || scope.assembleFromStream;
  const request =
    policy.request.stream === upstreamStreams ? policy.request : { ...policy.request, stream: upstreamStreams };
  const built = target.buildRequest(request, {
    upstreamModel: scope.deployment.upstreamModel,
    dropParams: config.dropParams,
  });
  const { response, sentAt, headersAt } = await exchangeWithUpstream(scope, {
    deployment: scope.deployment,
    format: scope.upstreamFormat,
    body: built.body,
    stream: upstreamStreams,
    forwardHeaders: forwardableHeaders(scope.c.req.raw),
    signal: upstreamTimeoutSignal(scope),
  });
  const dropped = [...policy.dropped, ...built.dropped];
  const overheadBeforeUpstream = sentAt - scope.c.get("receivedAt");
  const streamOptions = scope.body.stream_options as { include_usage?: unknown } | null | undefined;
  const encodeContext = {
    model: scope.modelGroup,
    responseId: scope.c.get("requestId").replaceAll("-", ""),
    // Only Chat clients choose; the usage chunk is theirs to ask for, as on the fast path.
    includeUsage: scope.inbound.format !== "openai-chat" || streamOptions?.include_usage === true,
  };

  if (scope.assembleFromStream && response.body !== null) {
    const assembled = await assembleMeteredResponse(scope, response.body, target);
    const headers = routingHeaders(scope, overheadBeforeUpstream + (performance.now() - headersAt));
    if (dropped.length > 0) headers.set("x-switchyard-dropped-params", dropped.join(","));
    headers.set("x-switchyard-response-cost", assembled.costHeader);
    return Response.json(scope.inbound.encodeResponse(assembled.response, encodeContext), { status: 200, headers });
  }

  if (!scope.stream || response.body === null) {
    const text = await response.text();
    let decoded: IrResponse;
    try {
      decoded = target.decodeResponse(JSON.parse(text));
    } catch (cause) {
      throw unreadableUpstreamResponse(scope, cause);
    }
    const recorded = record(scope, { status: 200, usage: decoded.usage });
    const headers = routingHeaders(scope, overheadBeforeUpstream + (performance.now() - headersAt));
    if (dropped.length > 0) headers.set("x-switchyard-dropped-params", dropped.join(","));
    const priced = computeCostUsd(decoded.usage, scope.deployment.pricing) !== undefined;
    headers.set("x-switchyard-response-cost", priced ? String(recorded.costUsd) : "unknown");
    return Response.json(scope.inbound.encodeResponse(decoded, encodeContext), { status: 200, headers });
  }

  let timeToFirstTokenMs: number | undefined;
  let readError: string | undefined;
  const budgetMeter = budgetMeterFor(scope);
  const meter = irStreamMeterTransformer({
    onFirstContent: () => {
      timeToFirstTokenMs = sinceArrival(scope);
    },
    onEnd: ({ usage, finished, errorCode, cutByBudget }) => {
      const clean = finished && errorCode === undefined && readError === undefined;
      record(scope, {
        status: 200,
        // Cut, abandoned or broken before the final usage: charge at least what was produced.
        usage: budgetMeter !== undefined && !clean ? chargeableUsage(usage, budgetMeter) : usage,
        timeToFirstTokenMs,
        errorKind: cutByBudget
          ? "budget_exceeded"
          : (readError ?? (finished && errorCode === undefined ? undefined : (errorCode ?? "stream_incomplete"))),
      });
    },
    ...(budgetMeter === undefined ? {} : { budget: { meter: budgetMeter, clientFormat: scope.inbound.format } }),
  });
  const headers = routingHeaders(scope, overheadBeforeUpstream);
  if (dropped.length > 0) headers.set("x-switchyard-dropped-params", dropped.join(","));
  for (const [name, value] of Object.entries(SSE_HEADERS)) headers.set(name, value);
  // One stream, not three: the stages hand parts to each other directly (compose-transformers.ts).
  const translate = coalesceByteChunks(
    composeTransformers(target.streamDecoder(), composeTransformers(meter, scope.inbound.streamEncoder(encodeContext))),
  );
  const body = transformUpstreamBody(response.body, translate, (error) => {
    readError = streamReadErrorKind(error);
  });
  return new Response(body, { status: 200, headers });
}
