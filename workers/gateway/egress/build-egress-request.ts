import { renderInjectionTemplate } from "../../core/vault/vault-credential-schemas.ts";
import type { EgressKeyHeader } from "./authenticate-egress-agent.ts";
import type { StubGrant } from "./check-egress-stubs.ts";

/** RFC 9110 §7.6.1 hop-by-hop headers, plus what the platform or the gateway sets itself. */
const NOT_FORWARDED = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-real-ip",
]);

/** Headers of the agent's request that reach the destination: not hop-by-hop, not Cloudflare's, not ours. */
export function forwardableHeaders(incoming: Headers, keyHeader: EgressKeyHeader): Headers {
  const headers = new Headers();
  for (const [name, value] of incoming) {
    if (NOT_FORWARDED.has(name) || name === keyHeader || name.startsWith("cf-") || name.startsWith("x-switchyard-"))
      continue;
    headers.append(name, value);
  }
  return headers;
}

export interface OpenedGrant {
  grant: StubGrant;
  secret: string;
}

/**
 * The request sent to the destination: the agent's method, headers and body, with each granted
 * credential's secret placed where it is injected (the whole header value rendered from the template,
 * or the whole query parameter), and `redirect: "manual"` so a 3xx never carries it anywhere else.
 */
export function buildEgressRequest(incoming: Request, url: URL, headers: Headers, opened: OpenedGrant[]): Request {
  const target = new URL(url);
  for (const { grant, secret } of opened) {
    const injection = grant.credential.injection;
    switch (injection.in) {
      case "header":
        headers.set(injection.name, renderInjectionTemplate(injection.template, secret));
        break;
      case "query":
        target.searchParams.set(injection.name, secret);
        break;
      default: {
        const unreachable: never = injection;
        throw new Error(`unknown injection ${JSON.stringify(unreachable)}`);
      }
    }
  }
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  return new Request(target, {
    method: incoming.method,
    headers,
    body: hasBody ? incoming.body : null,
    redirect: "manual",
  });
}
