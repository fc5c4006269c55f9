import type { Context } from "hono";
import { jsonDepthExceeds } from "../../core/limits/json-depth-exceeds.ts";
import { readBodyWithin } from "../../core/limits/read-body-within.ts";
import { requestLimitsOf } from "../../core/limits/request-limits.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { type JsonRpcMessage, jsonRpcMessageSchema } from "./json-rpc-message.ts";
import {
  APP_FORBIDDEN,
  isLegacyVersion,
  META_PROTOCOL_VERSION,
  RPC_INVALID_REQUEST,
  RPC_PARSE_ERROR,
} from "./mcp-protocol.ts";
import { McpProtocolError } from "./mcp-protocol-error.ts";
import { requestMeta } from "./serve-modern-request.ts";

/**
 * Transport checks every MCP endpoint shares: an `Origin` other than our own is refused (DNS-rebinding
 * defence the transport spec requires; CLI clients send none), and the caller must accept JSON, the only
 * body we answer with.
 */
export function checkMcpTransport(request: Request): void {
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== new URL(request.url).origin) {
    throw new McpProtocolError(403, APP_FORBIDDEN, `Forbidden: requests from origin ${origin} are not accepted.`);
  }
  const accept = request.headers.get("accept");
  if (accept !== null && !/application\/json|application\/\*|\*\/\*/i.test(accept)) {
    throw new McpProtocolError(406, RPC_INVALID_REQUEST, "Not Acceptable: this server answers with application/json.");
  }
}

export function checkMcpContentType(request: Request): void {
  const contentType = request.headers.get("content-type");
  if (contentType !== null && !contentType.toLowerCase().includes("application/json")) {
    throw new McpProtocolError(
      415,
      RPC_INVALID_REQUEST,
      "Unsupported Media Type: send the JSON-RPC message as application/json.",
    );
  }
}

/**
 * The one JSON-RPC message a POST carries: read within `maxBytes` (counted while read, so a chunked body
 * is never buffered past the limit), parsed, refused when nested deeper than MAX_JSON_DEPTH (deep nesting
 * overflows the stack of whatever walks it next), when a batch, or when not a request or notification.
 */
export async function readMcpMessage(c: Context<GatewayHonoEnv>, maxBytes: number): Promise<JsonRpcMessage> {
  const bytes = await readBodyWithin(c.req.raw, maxBytes);
  if (bytes === undefined) throw new McpProtocolError(413, RPC_INVALID_REQUEST, "The message is too large.");
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new McpProtocolError(400, RPC_PARSE_ERROR, "Parse error: the body is not valid JSON.");
  }
  const { maxJsonDepth } = requestLimitsOf(c.env);
  if (jsonDepthExceeds(json, maxJsonDepth)) {
    throw new McpProtocolError(
      400,
      RPC_INVALID_REQUEST,
      `Invalid Request: the message nests arrays and objects more than ${maxJsonDepth} levels deep (MAX_JSON_DEPTH).`,
    );
  }
  if (Array.isArray(json)) {
    throw new McpProtocolError(
      400,
      RPC_INVALID_REQUEST,
      "Invalid Request: JSON-RPC batches are not supported; send one message per POST.",
    );
  }
  const parsed = jsonRpcMessageSchema.safeParse(json);
  if (!parsed.success) {
    throw new McpProtocolError(
      400,
      RPC_INVALID_REQUEST,
      "Invalid Request: expected a JSON-RPC 2.0 request or notification.",
    );
  }
  return parsed.data;
}

/** Modern requests carry their version in `_meta` (or name a version no legacy revision has); `initialize` is legacy. */
export function isModernMcpRequest(message: JsonRpcMessage, headers: Headers): boolean {
  if (message.method === "initialize") return false;
  if (message.method === "server/discover") return true;
  if (requestMeta(message)?.[META_PROTOCOL_VERSION] !== undefined) return true;
  const versionHeader = headers.get("mcp-protocol-version");
  return versionHeader !== null && !isLegacyVersion(versionHeader);
}
