import type { SecretReplacer } from "../../core/vault/secret-replacer.ts";

const NOT_RETURNED = new Set(["connection", "keep-alive", "transfer-encoding", "trailer", "upgrade", "content-length"]);

/**
 * The destination's answer as the agent sees it: status as is (a 3xx included: it is not followed, the
 * agent decides, and a new request to the Location goes through the bindings again), headers and the
 * streamed body with every spelling of a swapped secret replaced by its stub, so an endpoint that
 * reflects the request (headers, query, an error quoting the token) cannot teach the agent the secret.
 */
export function buildEgressResponse(upstream: Response, replacer: SecretReplacer | undefined): Response {
  const headers = new Headers();
  for (const [name, value] of upstream.headers) {
    if (NOT_RETURNED.has(name)) continue;
    headers.append(name, replacer === undefined ? value : replacer.replaceInText(value));
  }
  const body =
    upstream.body === null || replacer === undefined ? upstream.body : upstream.body.pipeThrough(replacer.stream());
  return new Response(body, { status: upstream.status, statusText: upstream.statusText, headers });
}
