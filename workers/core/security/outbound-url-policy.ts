import { parseIpAddress } from "./ip-address.ts";
import { type NonPublicAddressKind, nonPublicAddress } from "./non-public-address.ts";

/**
 * Where the gateway may send requests: `api_base` values and every other URL a config can point it at.
 * Private, loopback, link-local and other special-purpose destinations are denied unless the operator
 * allows them for local development (docs/decisions/0006-outbound-url-policy.md).
 */
export interface OutboundUrlPolicy {
  /** `OUTBOUND_ALLOW_PRIVATE=true`: any host, for local development against localhost upstreams. */
  allowPrivate: boolean;
  /** `OUTBOUND_ALLOWED_HOSTS`: hostnames or IP literals allowed even though they are not public. */
  allowedHosts: ReadonlySet<string>;
}

export type OutboundDenyRule = NonPublicAddressKind | "scheme" | "internal-name" | "invalid-url";

export type OutboundUrlVerdict = { ok: true } | { ok: false; rule: OutboundDenyRule; reason: string };

export const DENY_PRIVATE_POLICY: OutboundUrlPolicy = { allowPrivate: false, allowedHosts: new Set() };

/** The policy's variables, as the gateway and admin workers have them. */
export interface OutboundPolicyVars {
  OUTBOUND_ALLOW_PRIVATE?: unknown;
  OUTBOUND_ALLOWED_HOSTS?: unknown;
}

/**
 * Hostnames that name a local or private network (RFC 6761 `localhost`, RFC 6762 `.local`, RFC 8375
 * `.home.arpa`, ICANN's private-use `.internal`, which includes `metadata.google.internal`). A name with
 * no dot is resolved through the local search domains, so it is internal too (`http://metadata/`).
 */
function internalNameRule(hostname: string): { rule: OutboundDenyRule; reason: string } | undefined {
  if (hostname === "localhost" || hostname.endsWith(".localhost"))
    return { rule: "loopback", reason: `${hostname} is a loopback name` };
  if (!hostname.includes("."))
    return { rule: "internal-name", reason: `${hostname} is a single-label (intranet) name` };
  for (const suffix of [".internal", ".local", ".localdomain", ".home.arpa", ".lan"]) {
    if (hostname.endsWith(suffix)) return { rule: "internal-name", reason: `${hostname} is a private-use name` };
  }
  return undefined;
}

/** A hostname as URLs canonicalise it (lower case, IPv4 in dotted decimal), without a trailing dot. */
function canonicalHostname(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname.replace(/\.$/, "");
  } catch {
    return undefined;
  }
}

/**
 * The policy from its variables. `OUTBOUND_ALLOWED_HOSTS` is comma separated; each entry is
 * canonicalised like a URL host, so `127.1`, `2130706433` and `127.0.0.1` name the same address.
 */
export function outboundUrlPolicyFrom(vars: OutboundPolicyVars): OutboundUrlPolicy {
  const allowPrivate = vars.OUTBOUND_ALLOW_PRIVATE === true || vars.OUTBOUND_ALLOW_PRIVATE === "true";
  const listed = typeof vars.OUTBOUND_ALLOWED_HOSTS === "string" ? vars.OUTBOUND_ALLOWED_HOSTS.split(",") : [];
  const allowedHosts = new Set<string>();
  for (const entry of listed) {
    const hostname = entry.trim() === "" ? undefined : canonicalHostname(entry.trim());
    if (hostname !== undefined) allowedHosts.add(hostname);
  }
  return { allowPrivate, allowedHosts };
}

/**
 * Checks one URL. The hostname is taken from the WHATWG URL parser, so every spelling of an address
 * (decimal, octal, hex, IPv4-mapped IPv6) is judged as the address it is. Names are judged by their
 * text only: a Worker cannot resolve DNS, so a public name that resolves to a private address is not
 * caught here (Cloudflare's egress does not route to private ranges).
 */
export function checkOutboundUrl(url: string, policy: OutboundUrlPolicy): OutboundUrlVerdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, rule: "invalid-url", reason: "not an absolute URL" };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    return { ok: false, rule: "scheme", reason: `the ${parsed.protocol} scheme is not allowed; use https` };
  const hostname = parsed.hostname.replace(/\.$/, "");
  if (policy.allowPrivate || policy.allowedHosts.has(hostname)) return { ok: true };
  const address = parseIpAddress(hostname);
  if (address !== undefined) {
    const special = nonPublicAddress(address);
    if (special === undefined) return { ok: true };
    return { ok: false, rule: special.kind, reason: `${hostname} is in ${special.range} (${special.kind})` };
  }
  const internal = internalNameRule(hostname);
  return internal === undefined ? { ok: true } : { ok: false, ...internal };
}

/** How a denial reads in an error message: the rule, why, and how a developer allows it locally. */
export function describeOutboundDenial(verdict: { rule: OutboundDenyRule; reason: string }): string {
  const hint =
    verdict.rule === "scheme" || verdict.rule === "invalid-url"
      ? ""
      : " For local development set OUTBOUND_ALLOW_PRIVATE=true or list the host in OUTBOUND_ALLOWED_HOSTS.";
  return `denied by the outbound URL policy, rule '${verdict.rule}': ${verdict.reason}.${hint}`;
}
