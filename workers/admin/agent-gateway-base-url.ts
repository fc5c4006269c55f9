import { z } from "zod";
import { GatewayError } from "../core/errors/gateway-error.ts";

/** Read as a zod boundary, so the admin worker needs no binding for it: a var in its wrangler.toml is enough. */
const publicUrlEnvSchema = z.object({ GATEWAY_PUBLIC_URL: z.string().min(1).optional() });

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** `npm start` serves the gateway on :8787 beside the admin worker on :8788. */
const LOCAL_GATEWAY_PORT = "8787";

/** `https://gw.example.com/`, `…/v1` → `https://gw.example.com`: clients append /v1 (or not) themselves. */
function normalize(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  const path = url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
  return `${url.origin}${path}`;
}

/**
 * The gateway URL the connect snippets point at: `?base_url=`, else the admin worker's
 * GATEWAY_PUBLIC_URL, else — in local development only — the admin request's host on port 8787.
 * Elsewhere the admin worker cannot know where the gateway is served, so it says what to set.
 */
export function agentGatewayBaseUrl(requested: string | undefined, env: unknown, requestUrl: string): string {
  if (requested !== undefined) {
    const normalized = normalize(requested);
    if (normalized === undefined) {
      throw new GatewayError("invalid_request", "'base_url' must be an absolute http(s) URL.", { param: "base_url" });
    }
    return normalized;
  }
  const configured = publicUrlEnvSchema.safeParse(env);
  if (configured.success && configured.data.GATEWAY_PUBLIC_URL !== undefined) {
    const normalized = normalize(configured.data.GATEWAY_PUBLIC_URL);
    // The operator's setting, not the caller's input: a 503 that says what to fix.
    if (normalized === undefined) {
      throw new GatewayError("config_unavailable", "GATEWAY_PUBLIC_URL on the admin worker is not an http(s) URL.");
    }
    return normalized;
  }
  const request = new URL(requestUrl);
  if (LOCAL_HOSTS.has(request.hostname)) return `${request.protocol}//${request.hostname}:${LOCAL_GATEWAY_PORT}`;
  throw new GatewayError(
    "invalid_request",
    "We do not know the gateway's public URL: pass ?base_url=<gateway URL> or set GATEWAY_PUBLIC_URL on the admin worker.",
    { param: "base_url" },
  );
}
