import { GatewayError, type GatewayErrorCode } from "../../errors/gateway-error.ts";
import { bedrockErrorBodySchema } from "./bedrock-converse-api.ts";

/** Upstream messages are passed on (clients react to "Input is too long"), but bounded. */
const MAX_MESSAGE_LENGTH = 500;

/**
 * Bedrock exception names (the `x-amzn-ErrorType` header of an HTTP error, the
 * `:exception-type` header of a stream exception; the latter camelCased) →
 * gateway codes. Converse errors: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
 */
export function bedrockExceptionCode(exceptionType: string): GatewayErrorCode {
  // `ValidationException:http://internal.amazon.com/…` → "validationexception".
  const name = exceptionType.split(":")[0]?.toLowerCase() ?? "";
  switch (name) {
    case "validationexception":
      return "invalid_request";
    case "throttlingexception":
    case "servicequotaexceededexception":
      return "rate_limited";
    case "modeltimeoutexception":
      return "upstream_timeout";
    // accessDenied, resourceNotFound, modelNotReady, modelError, modelStreamError,
    // internalServer, serviceUnavailable: the provider failed, not the caller.
    default:
      return "upstream_error";
  }
}

/** The `message` of an exception payload or error body, bounded; never the raw body. */
export function bedrockErrorMessage(body: unknown, fallback: string): string {
  const parsed = bedrockErrorBodySchema.safeParse(body);
  const message = parsed.success ? (parsed.data.message ?? parsed.data.Message) : undefined;
  return typeof message === "string" && message !== "" ? message.slice(0, MAX_MESSAGE_LENGTH) : fallback;
}

/**
 * A Bedrock HTTP error response → GatewayError. 401/403/404 mean the gateway's
 * own credentials or model mapping are wrong: a 502 to the caller, not theirs to fix.
 */
export function bedrockErrorToGatewayError(status: number, body: unknown, errorType?: string | null): GatewayError {
  const message = bedrockErrorMessage(body, `The upstream provider returned HTTP ${status}.`);
  const options = { status, provider: "bedrock" };
  if (status === 401 || status === 403 || status === 404) {
    return new GatewayError("upstream_error", message, { provider: "bedrock" });
  }
  const code: GatewayErrorCode =
    errorType !== undefined && errorType !== null && errorType !== ""
      ? bedrockExceptionCode(errorType)
      : status === 400
        ? "invalid_request"
        : status === 429
          ? "rate_limited"
          : "upstream_error";
  const retryable = code === "rate_limited" || code === "upstream_timeout" || status >= 500;
  return new GatewayError(code, message, { ...options, isRetryable: retryable });
}
