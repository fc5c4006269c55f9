import type { Context } from "hono";
import { StreamBudgetMeter } from "../../core/budget/stream-budget-meter.ts";
import type { Deployment } from "../../core/config/gateway-config.ts";
import type { FormatAdapter } from "../../core/formats/format-adapter.ts";
import { responsesResponseId } from "../../core/formats/openai-responses/openai-responses-ids.ts";
import type { IrRequest } from "../../core/ir/request.ts";
import type { ProviderFormat } from "../../core/providers/provider-format.ts";
import type { ProviderTransport, TransportContext } from "../../core/providers/provider-transport.ts";
import type { SessionIdentity } from "../../core/session/session-identity.ts";
import type { RequestBudget } from "../budget/request-budget.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { type RecordingContext, type RequestOutcome, recordRequest } from "./record-request.ts";

/** Everything the forwarding stages share about one routed request. */
export interface ModelRequestScope {
  c: Context<GatewayHonoEnv>;
  inbound: FormatAdapter;
  /** The client's body exactly as parsed. */
  body: Record<string, unknown>;
  ir: IrRequest;
  modelGroup: string;
  deployment: Deployment;
  transport: ProviderTransport;
  upstreamFormat: ProviderFormat;
  stream: boolean;
  /** Who the request belongs to, as the client told us (see session-identity.ts). */
  session: SessionIdentity | undefined;
  recording: RecordingContext;
  transportContext: TransportContext;
  /** Which attempt of the request this is (retries and fallbacks count). */
  attempt: number;
  /** Told of the request's outcome when it is recorded (routing stats). */
  onRecorded: (outcome: RequestOutcome) => void;
  /** The request's budget scopes; undefined when none of them sets a limit. */
  budget: RequestBudget | undefined;
  /** Input tokens estimated from the body's size, for budget holds. */
  inputTokenEstimate: number;
  /**
   * A non-streaming request whose output could outgrow its budget slice is
   * streamed from the upstream and assembled, so it is metered like a stream.
   */
  assembleFromStream: boolean;
}

export function outcomeOf(
  scope: ModelRequestScope,
  partial: Partial<RequestOutcome> & { status: number },
): RequestOutcome {
  return {
    modelGroup: scope.modelGroup,
    deployment: scope.deployment,
    usage: undefined,
    errorKind: undefined,
    stream: scope.stream,
    timeToFirstTokenMs: undefined,
    sessionId: scope.session?.sessionId,
    request: scope.ir,
    responseId: translatedResponsesId(scope),
    ...partial,
  };
}

/**
 * A Responses answer translated from another format carries the id the encoder derives from the request
 * id (forward-translated.ts); a Responses upstream's own id is passed by the forwarding stage instead.
 */
function translatedResponsesId(scope: ModelRequestScope): string | undefined {
  if (scope.inbound.format !== "openai-responses" || scope.upstreamFormat === "openai-responses") return undefined;
  return responsesResponseId(undefined, {
    model: scope.modelGroup,
    responseId: scope.c.get("requestId").replaceAll("-", ""),
  });
}

/** Records the request's one outcome and settles its budget holds to the same cost. */
export function record(scope: ModelRequestScope, partial: Partial<RequestOutcome> & { status: number }) {
  const outcome = outcomeOf(scope, partial);
  scope.onRecorded(outcome);
  const recorded = recordRequest(scope.recording, outcome);
  scope.budget?.settle(recorded.costUsd, recorded.inputTokens + recorded.outputTokens);
  return recorded;
}

/** A meter for this response's output, when its budget scopes hold reservations. */
export function budgetMeterFor(scope: ModelRequestScope): StreamBudgetMeter | undefined {
  const budget = scope.budget;
  if (budget === undefined || !budget.metered || scope.deployment.pricing === undefined) return undefined;
  return new StreamBudgetMeter({
    pricing: scope.deployment.pricing,
    inputTokens: scope.inputTokenEstimate,
    sliceTokens: budget.sliceTokens,
    grantedUsd: budget.grantedUsd,
    extend: (amountUsd, tokens) => budget.extend(amountUsd, tokens),
  });
}

/** Milliseconds since the request arrived, for time-to-first-token. */
export function sinceArrival(scope: ModelRequestScope): number {
  return performance.now() - scope.c.get("receivedAt");
}

export function routingHeaders(scope: ModelRequestScope, overheadMs: number): Headers {
  const headers = new Headers({
    "x-switchyard-model-group": scope.modelGroup,
    "x-switchyard-provider": scope.deployment.provider,
    "x-switchyard-deployment": scope.deployment.id,
    "x-switchyard-attempts": String(scope.attempt),
    "x-switchyard-overhead-ms": overheadMs.toFixed(3),
    "x-switchyard-translation":
      scope.upstreamFormat === scope.inbound.format ? "none" : `${scope.inbound.format}->${scope.upstreamFormat}`,
  });
  if (scope.session !== undefined) headers.set("x-switchyard-session-id", scope.session.sessionId);
  for (const [name, value] of Object.entries(scope.budget?.headers() ?? {})) headers.set(name, value);
  return headers;
}

export const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" } as const;
