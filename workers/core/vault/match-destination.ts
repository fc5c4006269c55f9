import type { VaultDestination } from "../db/schema.ts";

/** Which part of the request fell outside every binding: the first one checked that no binding allows. */
export type DestinationMismatch = "scheme" | "userinfo" | "host" | "path" | "method";

export type DestinationMatch = { ok: true } | { ok: false; mismatch: DestinationMismatch };

/** Percent-encoded `/`, `\` and `.`: a server that decodes them before routing would see another path. */
const ENCODED_SEPARATOR = /%(2f|5c|2e)/i;

function hostMatches(pattern: string, url: URL): boolean {
  const [patternHost = "", patternPort = ""] = pattern.split(":");
  // URL.port is "" for the scheme's default port; a binding without a port means that one.
  if (patternPort !== url.port && !(patternPort === "443" && url.port === "")) return false;
  const hostname = url.hostname.replace(/\.$/, "");
  if (!patternHost.startsWith("*.")) return hostname === patternHost;
  return hostname.endsWith(patternHost.slice(1)) && hostname.length > patternHost.length - 1;
}

function pathMatches(prefix: string | undefined, pathname: string): boolean {
  if (prefix === undefined) return true;
  if (ENCODED_SEPARATOR.test(pathname)) return false;
  if (prefix.endsWith("/")) return pathname.startsWith(prefix);
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/**
 * Whether a request may carry a credential bound to `destinations`: https only, no userinfo, and one
 * binding whose host, path prefix and methods all allow it. `url` must come from the WHATWG parser,
 * which has already resolved dot segments and lower-cased the host.
 */
export function matchDestination(
  destinations: readonly VaultDestination[],
  url: URL,
  method: string,
): DestinationMatch {
  if (url.protocol !== "https:") return { ok: false, mismatch: "scheme" };
  if (url.username !== "" || url.password !== "") return { ok: false, mismatch: "userinfo" };
  let closest: DestinationMismatch = "host";
  for (const destination of destinations) {
    if (!hostMatches(destination.host, url)) continue;
    if (!pathMatches(destination.path_prefix, url.pathname)) {
      closest = closest === "method" ? closest : "path";
      continue;
    }
    if (destination.methods !== undefined && !destination.methods.includes(method.toUpperCase())) {
      closest = "method";
      continue;
    }
    return { ok: true };
  }
  return { ok: false, mismatch: closest };
}
