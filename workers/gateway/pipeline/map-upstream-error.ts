import { z } from "zod";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { scrubUpstreamText } from "../../core/secrets/scrub-deployment-secrets.ts";

const MAX_ERROR_BODY_CHARS = 4096;
const MAX_MESSAGE_CHARS = 500;

/**
 * The message of an upstream error body: `error.message` for OpenAI, Anthropic
 * and Gemini envelopes, a top-level `message` for Bedrock.
 */
const upstreamErrorBodySchema = z.union([
  z.looseObject({ error: z.looseObject({ message: z.string() }) }).transform((body) => body.error.message),
  z.looseObject({ message: z.string() }).transform((body) => body.message),
]);

function retryAfterSeconds(headers: Headers): number | undefined {
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

/**
 * An upstream's non-2xx answer as a GatewayError. Client errors (4xx) keep the
 * upstream's status and only its parsed `error.message` (the caller needs to
 * know why a prompt was refused); the raw body is never echoed. Upstream 401/403
 * mean *our* provider key is wrong, which is the operator's problem, not the caller's.
 * The message is scrubbed of `secrets` (the deployment's credentials, which a
 * hostile upstream may echo back) and of anything else that looks like a secret.
 */
export async function mapUpstreamError(
  response: Response,
  provider: string,
  secrets: readonly string[],
): Promise<GatewayError> {
  const text = (await response.text().catch(() => "")).slice(0, MAX_ERROR_BODY_CHARS);
  let upstreamMessage: string | undefined;
  try {
    const parsed = upstreamErrorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) upstreamMessage = scrubUpstreamText(parsed.data, secrets).slice(0, MAX_MESSAGE_CHARS);
  } catch {
    upstreamMessage = undefined;
  }
  const status = response.status;
  const retryAfter = retryAfterSeconds(response.headers);
  const options = {
    provider,
    retryAfterSeconds: retryAfter,
    upstreamStatus: status,
    ...(upstreamMessage === undefined ? {} : { upstreamMessage }),
  };
  if (status === 401 || status === 403) {
    return new GatewayError("upstream_error", `The ${provider} upstream rejected the gateway's credentials.`, {
      ...options,
      status: 502,
    });
  }
  if (status === 429) {
    return new GatewayError("rate_limited", `The ${provider} upstream is rate limiting requests.`, {
      ...options,
      isRetryable: true,
    });
  }
  if (status >= 400 && status < 500) {
    return new GatewayError("invalid_request", upstreamMessage ?? `The ${provider} upstream rejected the request.`, {
      ...options,
      status,
    });
  }
  return new GatewayError("upstream_error", `The ${provider} upstream failed with status ${status}.`, {
    ...options,
    isRetryable: true,
  });
}
