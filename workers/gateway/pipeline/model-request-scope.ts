import type { Context } from "hono";
import type { Deployment } from "../../core/config/gateway-config.ts";
import type { FormatAdapter } from "../../core/formats/format-adapter.ts";
import type { IrRequest } from "../../core/ir/request.ts";
import type { ProviderFormat } from "../../core/providers/provider-format.ts";
import type { ProviderTransport, TransportContext } from "../../core/providers/provider-transport.ts";
import type { SessionIdentity } from "../../core/session/session-identity.ts";
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
    ...partial,
  };
}

export function record(scope: ModelRequestScope, partial: Partial<RequestOutcome> & { status: number }) {
  const outcome = outcomeOf(scope, partial);
  scope.onRecorded(outcome);
  return recordRequest(scope.recording, outcome);
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
  return headers;
}

export const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" } as const;
