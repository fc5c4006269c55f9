import { GatewayError } from "../errors/gateway-error.ts";

/**
 * What one request to the gateway may be, each bound a `[vars]` entry of
 * wrangler.toml. Coding agents send big contexts (Claude Code: hundreds of
 * messages, a few dozen tools, bodies of several MB), so the defaults are
 * generous; they exist so that a hostile or broken client meets a clear 4xx
 * instead of exhausting the isolate.
 */
export interface RequestLimits {
  /** MAX_BODY_BYTES: the body, counted while it is read (413). */
  maxBodyBytes: number;
  /** MAX_MESSAGES: messages / input items / contents of one request (400). */
  maxMessages: number;
  /** MAX_TOOLS: tool definitions of one request (400). */
  maxTools: number;
  /** MAX_HEADER_BYTES: names and values of all request headers together (431). */
  maxHeaderBytes: number;
  /** MAX_JSON_DEPTH: nesting of arrays and objects in the body (400). */
  maxJsonDepth: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  maxBodyBytes: 20 * 1024 * 1024,
  maxMessages: 10_000,
  maxTools: 1_000,
  maxHeaderBytes: 32 * 1024,
  maxJsonDepth: 100,
};

const VAR_NAMES = {
  maxBodyBytes: "MAX_BODY_BYTES",
  maxMessages: "MAX_MESSAGES",
  maxTools: "MAX_TOOLS",
  maxHeaderBytes: "MAX_HEADER_BYTES",
  maxJsonDepth: "MAX_JSON_DEPTH",
} as const satisfies Record<keyof RequestLimits, string>;

export type RequestLimitVars = Partial<Record<(typeof VAR_NAMES)[keyof RequestLimits], string>>;

/** A `[vars]` value as a positive integer; unset or empty means the default. */
export function limitFromVar(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    // A typo here must not silently lift the limit (Number("20MB") is NaN, and `n > NaN` is never true).
    throw new GatewayError("config_unavailable", `The ${name} var must be a positive integer, not '${value}'.`);
  }
  return parsed;
}

const parsedLimits = new WeakMap<object, RequestLimits>();

/** The limits from the worker's vars; parsed once per env object. */
export function requestLimitsOf(vars: RequestLimitVars): RequestLimits {
  const cached = parsedLimits.get(vars);
  if (cached !== undefined) return cached;
  const limits: RequestLimits = {
    maxBodyBytes: limitFromVar(VAR_NAMES.maxBodyBytes, vars.MAX_BODY_BYTES, DEFAULT_REQUEST_LIMITS.maxBodyBytes),
    maxMessages: limitFromVar(VAR_NAMES.maxMessages, vars.MAX_MESSAGES, DEFAULT_REQUEST_LIMITS.maxMessages),
    maxTools: limitFromVar(VAR_NAMES.maxTools, vars.MAX_TOOLS, DEFAULT_REQUEST_LIMITS.maxTools),
    maxHeaderBytes: limitFromVar(
      VAR_NAMES.maxHeaderBytes,
      vars.MAX_HEADER_BYTES,
      DEFAULT_REQUEST_LIMITS.maxHeaderBytes,
    ),
    maxJsonDepth: limitFromVar(VAR_NAMES.maxJsonDepth, vars.MAX_JSON_DEPTH, DEFAULT_REQUEST_LIMITS.maxJsonDepth),
  };
  parsedLimits.set(vars, limits);
  return limits;
}
