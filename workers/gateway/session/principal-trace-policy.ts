import { readTraceBodyPolicy } from "../../core/session/trace-body-policy.ts";
import { readTraceRetentionDays, type TracePolicy } from "../../core/session/trace-policy.ts";
import type { Principal } from "../gateway-env.ts";

/** The gateway-wide defaults as wrangler.toml declares them; not typed by `wrangler types` when unset. */
interface TracePolicyVars {
  SESSION_TRACE_BODIES?: string;
  SESSION_TRACE_RETENTION_DAYS?: string;
}

/**
 * The trace policy of a call: a registered agent's own (`agents.trace_policy`, joined into the cached
 * key, so no extra D1 read), else the gateway's defaults. An unreadable default falls back to
 * `metadata` and 30 days rather than failing the recording.
 */
export function principalTracePolicy(principal: Principal, env: Env): TracePolicy {
  if (principal.kind === "virtual" && principal.key.tracePolicy !== null) return principal.key.tracePolicy;
  const vars = env as unknown as TracePolicyVars;
  return {
    bodies: readTraceBodyPolicy(vars.SESSION_TRACE_BODIES),
    retentionDays: readTraceRetentionDays(vars.SESSION_TRACE_RETENTION_DAYS),
  };
}
