import { GatewayError } from "../../core/errors/gateway-error.ts";

export const EGRESS_PATH_PREFIX = "/egress/";

/**
 * The destination of an egress request: the absolute URL after `/egress/`, with the request's query.
 * Accepts the URL percent-encoded whole (`/egress/https%3A%2F%2Fapi.github.com%2F…`) and with its `//`
 * collapsed to `/` (some HTTP clients and proxies normalise paths). Only http and https.
 */
export function parseEgressTarget(requestUrl: string): URL {
  const incoming = new URL(requestUrl);
  let target = incoming.pathname.slice(incoming.pathname.indexOf(EGRESS_PATH_PREFIX) + EGRESS_PATH_PREFIX.length);
  if (/^https?%3A/i.test(target)) {
    try {
      target = decodeURIComponent(target);
    } catch {
      throw invalidTarget();
    }
  }
  target = target.replace(/^(https?):\/(?!\/)/i, "$1://");
  if (!/^https?:\/\//i.test(target)) throw invalidTarget();
  let url: URL;
  try {
    url = new URL(`${target}${incoming.search}`);
  } catch {
    throw invalidTarget();
  }
  return url;
}

function invalidTarget(): GatewayError {
  return new GatewayError(
    "invalid_request",
    "Expected an absolute http(s) URL after /egress/, e.g. /egress/https://api.github.com/user.",
  );
}
