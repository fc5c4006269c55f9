import { GatewayError } from "../errors/gateway-error.ts";
import type { ApiFormat } from "../formats/api-format.ts";
import { countRequestItems } from "./count-request-items.ts";
import { jsonDepthExceeds } from "./json-depth-exceeds.ts";
import type { RequestLimits } from "./request-limits.ts";

/**
 * The body-shape limits of a parsed request: nesting depth (all routes),
 * and for model calls (`format` given) the number of messages and tools.
 * Each is a 400 that names the field and the var that sets the limit.
 */
export function assertBodyWithinLimits(
  body: unknown,
  limits: Pick<RequestLimits, "maxJsonDepth" | "maxMessages" | "maxTools">,
  format: ApiFormat | undefined,
): void {
  if (jsonDepthExceeds(body, limits.maxJsonDepth)) {
    throw new GatewayError(
      "invalid_request",
      `The request body nests arrays and objects more than ${limits.maxJsonDepth} levels deep (MAX_JSON_DEPTH).`,
    );
  }
  if (format === undefined || typeof body !== "object" || body === null || Array.isArray(body)) return;
  const counts = countRequestItems(format, body as Record<string, unknown>);
  if (counts.messages > limits.maxMessages) {
    throw new GatewayError(
      "invalid_request",
      `'${counts.messagesField}' has ${counts.messages} items; the gateway accepts at most ${limits.maxMessages} (MAX_MESSAGES).`,
      { param: counts.messagesField },
    );
  }
  if (counts.tools > limits.maxTools) {
    throw new GatewayError(
      "invalid_request",
      `'tools' defines ${counts.tools} tools; the gateway accepts at most ${limits.maxTools} (MAX_TOOLS).`,
      { param: "tools" },
    );
  }
}
