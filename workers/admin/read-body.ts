import type { Context } from "hono";
import type { z } from "zod";
import { GatewayError } from "../core/errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../core/errors/zod-issue-to-error.ts";

const MAX_ADMIN_BODY_BYTES = 256 * 1024;

/** Parses and validates an admin JSON body; every failure is a 4xx naming the field. */
export async function readAdminBody<Schema extends z.ZodType>(c: Context, schema: Schema): Promise<z.infer<Schema>> {
  const text = await c.req.text();
  if (text.length > MAX_ADMIN_BODY_BYTES) throw new GatewayError("payload_too_large", "The request body is too large.");
  let body: unknown;
  try {
    body = JSON.parse(text === "" ? "{}" : text);
  } catch {
    throw new GatewayError("invalid_json", "We could not parse the JSON body of your request.");
  }
  const result = schema.safeParse(body, { reportInput: true });
  if (!result.success) throw zodErrorToGatewayError(result.error);
  return result.data;
}
