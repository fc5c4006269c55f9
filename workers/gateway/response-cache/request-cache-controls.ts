import { z } from "zod";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";

/**
 * LiteLLM's per-request cache controls, sent as `cache: {...}` in the body
 * (https://docs.litellm.ai/docs/proxy/caching_controls). Strict: a misspelt
 * control would otherwise be silently ignored.
 */
export const requestCacheControlSchema = z.strictObject({
  /** Skip the lookup, but store the fresh answer. */
  "no-cache": z.boolean().optional(),
  /** Do not store the answer. */
  "no-store": z.boolean().optional(),
  /** Keep the answer this many seconds instead of `cache_params.ttl`. */
  ttl: z.number().positive().optional(),
  /** Accept only an entry at most this many seconds old. */
  "s-maxage": z.number().nonnegative().optional(),
  namespace: z.string().min(1).optional(),
  /** LiteLLM's opt-in under `mode: default_off`; `false` opts out under `default_on`. */
  "use-cache": z.boolean().optional(),
});

export interface RequestCacheControls {
  /** Whether the body carried a `cache` object: under `default_off`, that is the opt-in. */
  asked: boolean;
  useCache: boolean | undefined;
  noCache: boolean;
  noStore: boolean;
  ttlSeconds: number | undefined;
  maxAgeSeconds: number | undefined;
  namespace: string | undefined;
}

interface HeaderDirectives {
  noCache: boolean;
  noStore: boolean;
  maxAgeSeconds: number | undefined;
}

/**
 * The request's `Cache-Control` header, read the HTTP way: `no-cache`,
 * `no-store`, and `max-age=N` (accept nothing older, i.e. LiteLLM's
 * `s-maxage`, which is also accepted). Malformed directives are ignored, as
 * RFC 9111 §5.2 asks of caches.
 */
function readHeaderDirectives(headers: Headers): HeaderDirectives {
  const directives: HeaderDirectives = { noCache: false, noStore: false, maxAgeSeconds: undefined };
  for (const part of (headers.get("cache-control") ?? "").split(",")) {
    const [name = "", value] = part.trim().toLowerCase().split("=", 2);
    if (name === "no-cache") directives.noCache = true;
    else if (name === "no-store") directives.noStore = true;
    else if ((name === "max-age" || name === "s-maxage") && value !== undefined && /^\d+$/.test(value))
      directives.maxAgeSeconds = Number(value);
  }
  return directives;
}

/**
 * The request's cache controls: the body's `cache` object over the
 * `Cache-Control` header. A `cache` that is not a valid control object is a
 * 400 naming the field.
 */
export function readRequestCacheControls(body: Record<string, unknown>, headers: Headers): RequestCacheControls {
  const header = readHeaderDirectives(headers);
  const asked = body.cache !== undefined && body.cache !== null;
  let control: z.infer<typeof requestCacheControlSchema> = {};
  if (asked) {
    const result = requestCacheControlSchema.safeParse(body.cache, { reportInput: true });
    if (!result.success) {
      const issues = result.error.issues.map((issue) => ({ ...issue, path: ["cache", ...issue.path] }));
      throw zodErrorToGatewayError(new z.ZodError(issues));
    }
    control = result.data;
  }
  return {
    asked,
    useCache: control["use-cache"],
    noCache: control["no-cache"] ?? header.noCache,
    noStore: control["no-store"] ?? header.noStore,
    ttlSeconds: control.ttl,
    maxAgeSeconds: control["s-maxage"] ?? header.maxAgeSeconds,
    namespace: control.namespace,
  };
}
