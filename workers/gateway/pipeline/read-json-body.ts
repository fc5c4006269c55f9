import type { z } from "zod";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";
import { readBodyWithin } from "../../core/limits/read-body-within.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Reads and parses a JSON body within `maxBytes`, also telling its size in bytes (what budgets estimate
 * input tokens from). Content-type is not enforced because several SDKs omit or vary it.
 */
export async function readMeasuredJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ value: unknown; byteLength: number }> {
  // Counted while it is read: a chunked body (no content-length) is never buffered past the limit.
  const bytes = await readBodyWithin(request, maxBytes);
  if (bytes === undefined) throw tooLarge(maxBytes);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new GatewayError("invalid_json", "The request body is not valid UTF-8.");
  }
  if (text.trim() === "") throw new GatewayError("invalid_json", "The request body is empty; expected a JSON object.");
  try {
    return { value: JSON.parse(text), byteLength: bytes.byteLength };
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : "";
    throw new GatewayError("invalid_json", `We could not parse the JSON body of your request${detail}.`);
  }
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError("payload_too_large", `The request body exceeds the limit of ${maxBytes} bytes.`);
}

/** Validates a parsed body; the first problem becomes a 400 naming the field. */
export function parseRequestBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new GatewayError("invalid_request", "The request body must be a JSON object.");
  }
  // reportInput lets the message say what type arrived ("got a string").
  const result = schema.safeParse(body, { reportInput: true });
  if (!result.success) throw zodErrorToGatewayError(result.error);
  return result.data;
}
