/**
 * The one error type of the gateway. Every failure a caller can see is a
 * GatewayError; each API format renders it in exactly one place
 * (see render-error.ts), so upstream bodies and secrets never leak through.
 */
export type GatewayErrorCode =
  | "invalid_json"
  | "invalid_request"
  | "unsupported_media_type"
  | "payload_too_large"
  | "authentication_missing"
  | "authentication_failed"
  | "permission_denied"
  | "model_not_found"
  | "route_not_found"
  | "method_not_allowed"
  | "rate_limited"
  | "budget_exceeded"
  | "budget_unavailable"
  | "upstream_error"
  | "upstream_timeout"
  | "upstream_unreachable"
  | "config_unavailable"
  | "internal";

/** Every GatewayErrorCode, checked by the compiler, to recognise codes that arrive as plain strings (IR error parts). */
const GATEWAY_ERROR_CODES: Record<GatewayErrorCode, true> = {
  invalid_json: true,
  invalid_request: true,
  unsupported_media_type: true,
  payload_too_large: true,
  authentication_missing: true,
  authentication_failed: true,
  permission_denied: true,
  model_not_found: true,
  route_not_found: true,
  method_not_allowed: true,
  rate_limited: true,
  budget_exceeded: true,
  budget_unavailable: true,
  upstream_error: true,
  upstream_timeout: true,
  upstream_unreachable: true,
  config_unavailable: true,
  internal: true,
};

export function isGatewayErrorCode(code: string): code is GatewayErrorCode {
  return Object.hasOwn(GATEWAY_ERROR_CODES, code);
}

export function statusForCode(code: GatewayErrorCode): number {
  switch (code) {
    case "invalid_json":
    case "invalid_request":
      return 400;
    case "authentication_missing":
    case "authentication_failed":
      return 401;
    case "permission_denied":
      return 403;
    case "model_not_found":
    case "route_not_found":
      return 404;
    case "method_not_allowed":
      return 405;
    case "payload_too_large":
      return 413;
    case "unsupported_media_type":
      return 415;
    case "rate_limited":
    case "budget_exceeded":
      return 429;
    case "upstream_error":
      return 502;
    case "config_unavailable":
    case "budget_unavailable":
      return 503;
    case "upstream_unreachable":
      return 502;
    case "upstream_timeout":
      return 504;
    case "internal":
      return 500;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

export interface GatewayErrorOptions {
  /** Overrides the status derived from the code (e.g. an upstream's own 4xx passed on). */
  status?: number;
  /** The request field at fault, e.g. `messages[0].content`. */
  param?: string;
  isRetryable?: boolean;
  provider?: string;
  /** Seconds until a retry can succeed; rendered as `retry-after`. */
  retryAfterSeconds?: number;
  /** For routing only, never rendered: the upstream's own status and parsed message. */
  upstreamStatus?: number;
  upstreamMessage?: string;
  /** Extra response headers the caller should see (rate-limit state: `x-ratelimit-*`). */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly status: number;
  readonly param: string | undefined;
  readonly isRetryable: boolean;
  readonly provider: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly upstreamStatus: number | undefined;
  readonly upstreamMessage: string | undefined;
  readonly headers: Record<string, string>;

  constructor(code: GatewayErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "GatewayError";
    this.code = code;
    this.status = options.status ?? statusForCode(code);
    this.param = options.param;
    this.isRetryable = options.isRetryable ?? false;
    this.provider = options.provider;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.upstreamStatus = options.upstreamStatus;
    this.upstreamMessage = options.upstreamMessage;
    this.headers = options.headers ?? {};
  }
}

/** Anything thrown that is not a GatewayError is a bug: hide its details from the caller. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError("internal", "The gateway hit an internal error.", { cause: error });
}
