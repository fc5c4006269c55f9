import { chargeableUsage } from "../../core/budget/chargeable-usage.ts";
import type { StreamBudgetMeter } from "../../core/budget/stream-budget-meter.ts";
import type { ApiFormat } from "../../core/formats/api-format.ts";
import { outboundAdapterFor } from "../../core/formats/format-registry.ts";
import type { Usage } from "../../core/ir/usage.ts";
import { computeCostUsd } from "../../core/pricing/compute-cost.ts";
import { responsesIdFromEvents } from "../../core/session/responses-id-from-events.ts";
import { type SseTapResult, type SseUsageTapOptions, sseUsageTapTransformer } from "../../core/sse/sse-usage-tap.ts";
import { decodeStreamUsage } from "./decode-stream-usage.ts";
import {
  exchangeWithUpstream,
  forwardableHeaders,
  streamReadErrorKind,
  unreadableUpstreamResponse,
  upstreamTimeoutSignal,
} from "./exchange-with-upstream.ts";
import { FastPathBudgetCut } from "./fast-path-budget-cut.ts";
import { fastPathClosing } from "./fast-path-closing.ts";
import { fastPathStreamProfile } from "./fast-path-stream-profile.ts";
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
 * The body as the client sent it, with the upstream's model name. Chat
 * streams also ask for usage (`stream_options.include_usage`) so cost is
 * always known; the tap hides that chunk again if the client did not ask.
 */
function prepareBody(scope: ModelRequestScope, format: ApiFormat): Record<string, unknown> {
  const body: Record<string, unknown> = { ...scope.body };
  if (format !== "gemini") body.model = scope.deployment.upstreamModel;
  if (format === "openai-chat" && scope.stream) {
    const options =
      typeof scope.body.stream_options === "object" && scope.body.stream_options !== null
        ? scope.body.stream_options
        : {};
    body.stream_options = { ...options, include_usage: true };
  }
  return body;
}

function fallbackId(scope: ModelRequestScope): string {
  return scope.c.get("requestId").replaceAll("-", "");
}

/** The tap's budget hooks: meter each chunk's output; when a scope refuses the next slice, close cleanly. */
function budgetGate(
  meter: StreamBudgetMeter,
  cut: FastPathBudgetCut,
  settle: (result: SseTapResult, status: number, errorKind: string | undefined) => void,
): Pick<SseUsageTapOptions, "afterEvents" | "onCut"> {
  return {
    afterEvents: (events) => {
      for (const event of events) meter.addOutput(cut.observe(event));
      if (!meter.needsCheck()) return undefined;
      return meter.check().then((verdict) => (verdict === "cut" ? cut.closing(meter.outputTokens) : undefined));
    },
    onCut: (result) => settle(result, 200, "budget_exceeded"),
  };
}

function clientAskedForChatUsage(scope: ModelRequestScope): boolean {
  const options = scope.body.stream_options as { include_usage?: unknown } | null | undefined;
  return options?.include_usage === true;
}

/**
 * Same format in and out: forward the client's body untouched but for the
 * model name, and the upstream's bytes back untouched; streams are only
 * tapped to read usage.
 */
export async function forwardSameFormat(scope: ModelRequestScope): Promise<Response> {
  const format = scope.inbound.format;
  const adapter = outboundAdapterFor(format);
  const { response, sentAt, headersAt } = await exchangeWithUpstream(scope, {
    deployment: scope.deployment,
    format,
    body: prepareBody(scope, format),
    stream: scope.stream,
    forwardHeaders: forwardableHeaders(scope.c.req.raw),
    signal: upstreamTimeoutSignal(scope),
  });
  const overheadBeforeUpstream = sentAt - scope.c.get("receivedAt");

  if (!scope.stream || response.body === null) {
    const text = await response.text();
    let usage: Usage | undefined;
    let responseId: string | undefined;
    try {
      const decoded = adapter.decodeResponse(JSON.parse(text));
      usage = decoded.usage;
      responseId = decoded.id;
    } catch (cause) {
      throw unreadableUpstreamResponse(scope, cause);
    }
    const recorded = record(scope, { status: 200, usage, responseId });
    const headers = routingHeaders(scope, overheadBeforeUpstream + (performance.now() - headersAt));
    headers.set("content-type", "application/json");
    const priced = computeCostUsd(usage, scope.deployment.pricing) !== undefined;
    headers.set("x-switchyard-response-cost", priced ? String(recorded.costUsd) : "unknown");
    return new Response(text, { status: 200, headers });
  }

  let timeToFirstTokenMs: number | undefined;
  let readError: string | undefined;
  const meter = budgetMeterFor(scope);
  const settle = (result: SseTapResult, status: number, errorKind: string | undefined) => {
    scope.recording.waitUntil(
      decodeStreamUsage(adapter, result.usageEvents)
        .catch(() => undefined)
        .then((reported) => {
          // Cut, abandoned or broken before the final usage: charge at least what was produced.
          const usage = meter !== undefined && !result.complete ? chargeableUsage(reported, meter) : reported;
          record(scope, {
            status,
            usage,
            errorKind,
            timeToFirstTokenMs,
            responseId: responsesIdFromEvents(result.usageEvents),
          });
        }),
    );
  };
  const withholdUsageChunk = format === "openai-chat" && !clientAskedForChatUsage(scope);
  const profile = fastPathStreamProfile(format);
  const tap = sseUsageTapTransformer({
    usageSlot: profile.usageSlot,
    isTerminal: profile.isTerminal,
    ...(withholdUsageChunk
      ? { withhold: (event) => event.data.includes('"choices":[]') && event.data.includes('"usage"') }
      : {}),
    onFirstEvent: () => {
      timeToFirstTokenMs = sinceArrival(scope);
    },
    closingWhenIncomplete: (result) => fastPathClosing(format, fallbackId(scope), result),
    onEnd: (result) => settle(result, 200, result.complete ? undefined : (readError ?? "stream_incomplete")),
    // 499: the client closed the connection; it is charged for what was produced.
    onCancel: (result) => settle(result, 499, "client_disconnected"),
    ...(meter === undefined ? {} : budgetGate(meter, new FastPathBudgetCut(format, fallbackId(scope)), settle)),
  });
  const headers = routingHeaders(scope, overheadBeforeUpstream);
  for (const [name, value] of Object.entries(SSE_HEADERS)) headers.set(name, value);
  const body = transformUpstreamBody(response.body, tap, (error) => {
    readError = streamReadErrorKind(error);
  });
  return new Response(body, { status: 200, headers });
}
