import { GatewayError } from "../../core/errors/gateway-error.ts";
import type { UpstreamCall } from "../../core/providers/provider-transport.ts";
import { deploymentSecrets } from "../../core/secrets/scrub-deployment-secrets.ts";
import { awaitFirstChunk } from "./await-first-chunk.ts";
import { mapUpstreamError } from "./map-upstream-error.ts";
import type { ModelRequestScope } from "./model-request-scope.ts";
import { raceWithSignals } from "./race-with-signals.ts";

export interface UpstreamExchange {
  /** For a stream, its body starts with a first chunk already received (see await-first-chunk.ts). */
  response: Response;
  /**
   * performance.now() when the call left, and when the upstream's answer was
   * in: its headers for a stream, its whole body otherwise (read here, under
   * the deadline), so the time after it is the gateway's own.
   */
  sentAt: number;
  headersAt: number;
}

interface Deadline {
  signal: AbortSignal | undefined;
  clear(): void;
}

const NO_DEADLINE: Deadline = { signal: undefined, clear: () => undefined };

/** A timer of our own (not AbortSignal.timeout) so it can be cleared once the first chunk is in. */
function deadlineAfter(timeoutMs: number | undefined, message: string): Deadline {
  if (timeoutMs === undefined) return NO_DEADLINE;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(message, "TimeoutError")), timeoutMs);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

function isTimeout(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("name" in error)) return false;
  return error.name === "TimeoutError" || error.name === "AbortError";
}

function asTransportError(error: unknown, provider: string, firstChunk: Deadline): GatewayError {
  if (error instanceof GatewayError) return error;
  if (isTimeout(error)) {
    const late = firstChunk.signal?.aborted === true && error === firstChunk.signal.reason;
    const message = late
      ? `The ${provider} upstream did not start its stream in time.`
      : `The ${provider} upstream did not answer in time.`;
    return new GatewayError("upstream_timeout", message, { provider, isRetryable: true, cause: error });
  }
  return new GatewayError("upstream_unreachable", `The ${provider} upstream could not be reached.`, {
    provider,
    isRetryable: true,
    cause: error,
  });
}

/**
 * Sends the call through the deployment's transport and waits until the
 * answer can be committed to: headers and, for a stream, its first body chunk
 * (await-first-chunk.ts); for anything else, the whole body. A failure up to
 * there (network, timeout, non-2xx, a stream that errors or ends before its
 * first chunk) is thrown as a retryable GatewayError; the attempt loop
 * (handle-model-request.ts) decides whether to retry or fall back, and records
 * only the request's final outcome.
 *
 * Two deadlines apply. `call.signal` (upstreamTimeoutSignal: `timeout`, else
 * `request_timeout`) bounds the entire call, including reading a stream to its
 * end; past the first chunk its expiry errors the body, which the forwarders
 * turn into the client format's error close. A stream also has to deliver
 * its first chunk within `stream_timeout`.
 */
export async function exchangeWithUpstream(scope: ModelRequestScope, call: UpstreamCall): Promise<UpstreamExchange> {
  const provider = scope.deployment.provider;
  const whole = call.signal;
  const firstChunk = scope.stream
    ? deadlineAfter(scope.deployment.streamTimeoutMs, `The ${provider} upstream sent no first chunk in time.`)
    : NO_DEADLINE;
  const deadlines = [whole, firstChunk.signal].filter((signal): signal is AbortSignal => signal !== undefined);
  // Passed on so a real fetch is torn down too; the race below does not rely on the transport honouring it.
  const transportSignal = deadlines.length === 0 ? undefined : AbortSignal.any(deadlines);
  const sentAt = performance.now();
  let response: Response;
  try {
    response = await raceWithSignals(
      scope.transport.send({ ...call, signal: transportSignal }, scope.transportContext),
      deadlines,
    );
  } catch (thrown) {
    firstChunk.clear();
    throw asTransportError(thrown, provider, firstChunk);
  }
  if (!response.ok) {
    firstChunk.clear();
    throw await mapUpstreamError(response, provider, deploymentSecrets(scope.deployment));
  }
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };

  if (!scope.stream || response.body === null) {
    firstChunk.clear();
    let text: string;
    try {
      text = await raceWithSignals(response.text(), [whole]);
    } catch (thrown) {
      throw asTransportError(thrown, provider, firstChunk);
    }
    // A null-body status (204) may not be given a body, not even an empty one.
    return { response: new Response(text === "" ? null : text, init), sentAt, headersAt: performance.now() };
  }

  const headersAt = performance.now();
  const first = await awaitFirstChunk(response.body, { firstChunk: firstChunk.signal, whole });
  firstChunk.clear();
  switch (first.kind) {
    case "chunk":
      return { response: new Response(first.body, init), sentAt, headersAt };
    case "empty":
      throw new GatewayError("upstream_error", `The ${provider} upstream ended its stream before sending anything.`, {
        provider,
        isRetryable: true,
      });
    case "failed":
      throw asTransportError(first.error, provider, firstChunk);
    default: {
      const unreachable: never = first;
      return unreachable;
    }
  }
}

/**
 * The whole-call deadline: the deployment's `timeout`, else the config's
 * `request_timeout`, for streams and non-streams alike (a stream's time to its
 * first chunk is `stream_timeout`, applied in exchangeWithUpstream).
 */
export function upstreamTimeoutSignal(scope: ModelRequestScope): AbortSignal | undefined {
  const timeoutMs = scope.deployment.timeoutMs ?? scope.c.get("config").requestTimeoutMs;
  return timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
}

/** What an upstream stream that failed mid-way is recorded as: a deadline that cut it is a timeout. */
export function streamReadErrorKind(error: unknown): "upstream_timeout" | "upstream_stream_error" {
  return isTimeout(error) ? "upstream_timeout" : "upstream_stream_error";
}

/** Client headers a same-vendor upstream needs; transports decide which to send. */
export function forwardableHeaders(request: Request): Headers {
  const headers = new Headers();
  for (const name of ["anthropic-version", "anthropic-beta"]) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return headers;
}

/** A 2xx body that does not parse as the provider's format: retryable like a 5xx. */
export function unreadableUpstreamResponse(scope: ModelRequestScope, cause: unknown): GatewayError {
  const provider = scope.deployment.provider;
  return new GatewayError("upstream_error", `The ${provider} upstream returned an unreadable response.`, {
    provider,
    isRetryable: true,
    cause,
  });
}
