import type { Context } from "hono";
import type { ApiFormat } from "../../core/formats/api-format.ts";
import { assertBodyWithinLimits } from "../../core/limits/assert-body-within-limits.ts";
import { requestLimitsOf } from "../../core/limits/request-limits.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { readMeasuredJsonBody } from "./read-json-body.ts";

/**
 * A route's JSON body within the request limits of the worker's vars
 * (workers/core/limits/request-limits.ts): its size while reading (413),
 * then, on the one parse, its nesting depth and — for model calls in
 * `format` — its number of messages and tools (400).
 */
export async function readLimitedJsonBody(
  c: Context<GatewayHonoEnv>,
  format: ApiFormat | undefined,
): Promise<{ value: unknown; byteLength: number }> {
  const limits = requestLimitsOf(c.env);
  const measured = await readMeasuredJsonBody(c.req.raw, limits.maxBodyBytes);
  assertBodyWithinLimits(measured.value, limits, format);
  return measured;
}
