import { createMiddleware } from "hono/factory";
import { GatewayError } from "../../core/errors/gateway-error.ts";
import { requestLimitsOf } from "../../core/limits/request-limits.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { jsonRpcError } from "../mcp/json-rpc-message.ts";
import { RPC_INVALID_REQUEST } from "../mcp/mcp-protocol.ts";

/** The MCP endpoint answers in JSON-RPC, not in a model API's error format. */
const MCP_PREFIX = "/mcp/";

/** Names and values of all headers, as they would be sent (`name: value\r\n`). */
export function requestHeaderBytes(headers: Headers): number {
  let total = 0;
  for (const [name, value] of headers) total += name.length + value.length + 4;
  return total;
}

/**
 * Refuses requests whose headers together exceed MAX_HEADER_BYTES with 431
 * (RFC 6585 "Request Header Fields Too Large"), before authentication reads
 * them; in the caller's error format, JSON-RPC for the MCP endpoint.
 */
export const requestHeaderLimit = createMiddleware<GatewayHonoEnv>(async (c, next) => {
  const { maxHeaderBytes } = requestLimitsOf(c.env);
  const size = requestHeaderBytes(c.req.raw.headers);
  if (size <= maxHeaderBytes) {
    await next();
    return;
  }
  const message = `The request headers total ${size} bytes; the gateway accepts at most ${maxHeaderBytes} (MAX_HEADER_BYTES).`;
  if (c.req.path.startsWith(MCP_PREFIX)) {
    return c.json(jsonRpcError(undefined, { code: RPC_INVALID_REQUEST, message }), 431);
  }
  throw new GatewayError("invalid_request", message, { status: 431 });
});
