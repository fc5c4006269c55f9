import { GatewayError, type GatewayErrorCode } from "../errors/gateway-error.ts";
import type { FailureClass } from "./failure-class.ts";

export interface UpstreamFailureInput {
  /**
   * The upstream's own HTTP status (not the status the gateway will answer
   * with: mapUpstreamError turns an upstream 401 into a 502); undefined when
   * no response arrived.
   */
  status?: number;
  /** The GatewayError code the transport produced, when there is one. */
  code?: GatewayErrorCode;
  /** The upstream's error message, already parsed out of its error body. */
  message?: string;
  /** A finish reason: a 200 cut short by the provider's filter is a content-policy failure. */
  finishReason?: string;
  /** The upstream's `retry-after` header: seconds or an HTTP date. */
  retryAfter?: string | null;
  /** The error to answer with if this turns out to be the last attempt. */
  error?: GatewayError;
  provider?: string;
}

export interface UpstreamFailure {
  failureClass: FailureClass;
  status: number | undefined;
  retryAfter: string | undefined;
  error: GatewayError;
}

/**
 * Context-window errors as providers word them (LiteLLM's exception_mapping_utils
 * matches the same phrases): OpenAI/Azure "This model's maximum context length
 * is …" (code `context_length_exceeded`), Anthropic "prompt is too long: … tokens
 * > … maximum", Gemini "The input token count (…) exceeds the maximum number of
 * tokens allowed (…)", Bedrock "Input is too long for requested model." and
 * "input length and `max_tokens` exceed context limit".
 */
const CONTEXT_WINDOW_PATTERNS = [
  /maximum context length/i,
  /context[_ ]length[_ ]exceeded/i,
  /prompt is too long/i,
  /input is too long/i,
  /exceeds? (the )?(model's )?context (window|limit)/i,
  /token count.*exceeds/i,
  /too many input tokens/i,
  /is longer than the model's context length/i,
];

/**
 * Content-policy refusals: Azure "… content management policy" (code
 * `content_filter`), OpenAI "… rejected as a result of our safety system" (code
 * `content_policy_violation`), "flagged as potentially violating our usage
 * policy", Anthropic "Output blocked by content filtering policy", Azure's
 * `ResponsibleAIPolicyViolation`.
 */
const CONTENT_POLICY_PATTERNS = [
  /content[_ ]?(management )?polic(y|ies)/i,
  /content[_ -]?filter/i,
  /safety (system|settings|filter)/i,
  /usage polic(y|ies)/i,
  /responsibleaipolicyviolation/i,
];

/**
 * Finish reasons that mean the provider filtered the answer: OpenAI
 * `content_filter`, the IR's `content-filter`, Gemini `SAFETY`, `RECITATION`,
 * `BLOCKLIST`, `PROHIBITED_CONTENT`, `SPII`, `IMAGE_SAFETY`, Bedrock
 * `guardrail_intervened` and `content_filtered`.
 */
const FILTERED_FINISH_REASONS = new Set([
  "content_filter",
  "content-filter",
  "safety",
  "recitation",
  "blocklist",
  "prohibited_content",
  "spii",
  "image_safety",
  "guardrail_intervened",
  "content_filtered",
]);

function classOf(input: UpstreamFailureInput): FailureClass {
  const message = input.message ?? "";
  if (input.finishReason !== undefined && FILTERED_FINISH_REASONS.has(input.finishReason.toLowerCase()))
    return "content_policy";
  if (input.code === "upstream_timeout") return "timeout";
  if (input.code === "upstream_unreachable") return "connection";
  const status = input.status;
  if (status === undefined) return classOfCode(input.code, message);
  if (status === 429) return "rate_limit";
  // 524 is Cloudflare's "a timeout occurred" in front of an origin.
  if (status === 408 || status === 504 || status === 524) return "timeout";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status >= 400 && status < 500) return classOfBadRequest(message);
  return "server";
}

function classOfBadRequest(message: string): FailureClass {
  if (CONTEXT_WINDOW_PATTERNS.some((pattern) => pattern.test(message))) return "context_window";
  if (CONTENT_POLICY_PATTERNS.some((pattern) => pattern.test(message))) return "content_policy";
  return "bad_request";
}

function classOfCode(code: GatewayErrorCode | undefined, message: string): FailureClass {
  switch (code) {
    case "rate_limited":
      return "rate_limit";
    case "authentication_failed":
    case "authentication_missing":
    case "permission_denied":
      return "auth";
    case "model_not_found":
      return "not_found";
    case "invalid_request":
    case "invalid_json":
    case "payload_too_large":
    case "unsupported_media_type":
      return classOfBadRequest(message);
    // Nothing came back: the connection never produced an answer.
    default:
      return "connection";
  }
}

function errorFor(failureClass: FailureClass, input: UpstreamFailureInput): GatewayError {
  const upstream = input.provider === undefined ? "The upstream" : `The ${input.provider} upstream`;
  const options = { provider: input.provider };
  switch (failureClass) {
    case "rate_limit":
      return new GatewayError("rate_limited", `${upstream} is rate limiting requests.`, {
        ...options,
        isRetryable: true,
      });
    case "timeout":
      return new GatewayError("upstream_timeout", `${upstream} did not answer in time.`, options);
    case "connection":
      return new GatewayError("upstream_unreachable", `${upstream} could not be reached.`, options);
    case "server":
      return new GatewayError("upstream_error", `${upstream} failed with status ${input.status}.`, {
        ...options,
        isRetryable: true,
      });
    // Our provider key is wrong: the operator's problem, so not a 401 to the caller.
    case "auth":
      return new GatewayError("upstream_error", `${upstream} rejected the gateway's credentials.`, {
        ...options,
        status: 502,
      });
    case "not_found":
    case "context_window":
    case "content_policy":
    case "bad_request":
      return new GatewayError("invalid_request", input.message ?? `${upstream} rejected the request.`, {
        ...options,
        status: input.status ?? 400,
      });
    default: {
      const unreachable: never = failureClass;
      return unreachable;
    }
  }
}

/**
 * Sorts a failed attempt into a FailureClass: status first (429 rate limit,
 * 408/504 timeout, 401/403 auth, 404 not found, other 4xx by message into
 * context window, content policy or bad request, 5xx server), the transport's
 * GatewayError code when no status came back (timeouts, unreachable), and a
 * filtered finish reason before either.
 */
export function classifyUpstreamFailure(input: UpstreamFailureInput): UpstreamFailure {
  const failureClass = classOf(input);
  return {
    failureClass,
    status: input.status,
    retryAfter: input.retryAfter ?? undefined,
    error: input.error ?? errorFor(failureClass, input),
  };
}
