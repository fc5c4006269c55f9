import type { Context } from "hono";
import type { z } from "zod";
import { GatewayError } from "../core/errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../core/errors/zod-issue-to-error.ts";
import { jsonDepthExceeds } from "../core/limits/json-depth-exceeds.ts";
import { DEFAULT_REQUEST_LIMITS } from "../core/limits/request-limits.ts";
import { readRequestText } from "./read-request-text.ts";

const MAX_ADMIN_BODY_BYTES = 256 * 1024;

/** Parses and validates an admin JSON body; every failure is a 4xx naming the field. */
export async function readAdminBody<Schema extends z.ZodType>(c: Context, schema: Schema): Promise<z.infer<Schema>> {
  const text = await readRequestText(c, MAX_ADMIN_BODY_BYTES);
  if (text === undefined) throw new GatewayError("payload_too_large", "The request body is too large.");
  let body: unknown;
  try {
    body = JSON.parse(text === "" ? "{}" : text);
  } catch {
    throw new GatewayError("invalid_json", "We could not parse the JSON body of your request.");
  }
  // Schemas with z.json() and RPC serialisation recurse: deep nesting would overflow the stack (a 500).
  if (jsonDepthExceeds(body, DEFAULT_REQUEST_LIMITS.maxJsonDepth)) {
    throw new GatewayError(
      "invalid_request",
      `The request body nests arrays and objects more than ${DEFAULT_REQUEST_LIMITS.maxJsonDepth} levels deep.`,
    );
  }
  const result = schema.safeParse(body, { reportInput: true });
  if (!result.success) throw zodErrorToGatewayError(result.error);
  return result.data;
}
