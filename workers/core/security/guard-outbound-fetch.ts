import { GatewayError } from "../errors/gateway-error.ts";
import {
  checkOutboundUrl,
  type OutboundDenyRule,
  type OutboundUrlPolicy,
  type OutboundUrlVerdict,
} from "./outbound-url-policy.ts";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface OutboundDenial {
  rule: OutboundDenyRule;
  reason: string;
  /** The denied URL's host, for the operator's log; never its path or query (they may carry credentials). */
  host: string;
}

export interface GuardOptions {
  /** Called for each refused request, before the caller gets its error: the operator's only trace of it. */
  onDenied?: (denial: OutboundDenial) => void;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(unparseable)";
  }
}

function denied(verdict: Extract<OutboundUrlVerdict, { ok: false }>, url: string, options: GuardOptions): never {
  options.onDenied?.({ rule: verdict.rule, reason: verdict.reason, host: hostOf(url) });
  // The caller learns that the policy refused, not which internal address the config points at.
  throw new GatewayError(
    "upstream_unreachable",
    "The upstream could not be reached: the gateway's outbound URL policy does not allow its address.",
  );
}

/**
 * A fetch that only reaches URLs the policy allows, checked on every call (a config written straight
 * into D1 skips the admin's check), and never follows a redirect: `redirect: "manual"`, and a 3xx answer
 * becomes a retryable upstream error. Following would let an allowed host bounce the request, with the
 * provider key in its headers, to any address, e.g. http://169.254.169.254/.
 */
export function guardOutboundFetch(
  policy: OutboundUrlPolicy,
  send: (request: Request) => Promise<Response>,
  options: GuardOptions = {},
): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, { ...init, redirect: "manual" });
    const verdict = checkOutboundUrl(request.url, policy);
    if (!verdict.ok) denied(verdict, request.url, options);
    const response = await send(request);
    if (!REDIRECT_STATUSES.has(response.status)) return response;
    await response.body?.cancel();
    throw new GatewayError(
      "upstream_error",
      "The upstream answered with a redirect, which the gateway does not follow.",
      {
        isRetryable: true,
        upstreamStatus: response.status,
      },
    );
  };
}
