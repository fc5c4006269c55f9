import type { Context } from "hono";
import { Hono } from "hono";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { authenticateMcpAgent } from "./authenticate-mcp-agent.ts";
import { type JsonRpcId, type JsonRpcMessage, jsonRpcError, jsonRpcMessageSchema } from "./json-rpc-message.ts";
import {
  APP_FORBIDDEN,
  isLegacyVersion,
  META_PROTOCOL_VERSION,
  RPC_INTERNAL_ERROR,
  RPC_INVALID_REQUEST,
  RPC_PARSE_ERROR,
} from "./mcp-protocol.ts";
import { McpProtocolError } from "./mcp-protocol-error.ts";
import type { McpReply } from "./mcp-reply.ts";
import { serveLegacyRequest } from "./serve-legacy-request.ts";
import { requestMeta, serveModernRequest } from "./serve-modern-request.ts";

const PATH = "/mcp/memory";
/** Tool arguments are capped far below this (notes 32 KiB, block values 64 KiB). */
const MAX_BODY_CHARS = 1_048_576;

function render(reply: McpReply): Response {
  const headers = new Headers(reply.headers);
  if (reply.body === undefined) return new Response(null, { status: reply.status, headers });
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers });
}

function renderError(thrown: unknown, id: JsonRpcId | undefined): Response {
  if (thrown instanceof McpProtocolError) {
    return render({ status: thrown.status, headers: thrown.headers, body: jsonRpcError(id, thrown) });
  }
  console.error("mcp memory request failed", thrown);
  return render({ status: 500, body: jsonRpcError(id, { code: RPC_INTERNAL_ERROR, message: "Internal error" }) });
}

/**
 * Transport checks every method shares: an `Origin` other than our own is
 * refused (DNS-rebinding defence the transport spec requires; CLI clients
 * send none), and the caller must accept JSON, the only body we answer with.
 */
function checkTransport(request: Request): void {
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== new URL(request.url).origin) {
    throw new McpProtocolError(403, APP_FORBIDDEN, `Forbidden: requests from origin ${origin} are not accepted.`);
  }
  const accept = request.headers.get("accept");
  if (accept !== null && !/application\/json|application\/\*|\*\/\*/i.test(accept)) {
    throw new McpProtocolError(406, RPC_INVALID_REQUEST, "Not Acceptable: this server answers with application/json.");
  }
}

/** Modern requests carry their version in `_meta` (or name a version no legacy revision has); `initialize` is legacy. */
function isModernRequest(message: JsonRpcMessage, headers: Headers): boolean {
  if (message.method === "initialize") return false;
  if (message.method === "server/discover") return true;
  if (requestMeta(message)?.[META_PROTOCOL_VERSION] !== undefined) return true;
  const versionHeader = headers.get("mcp-protocol-version");
  return versionHeader !== null && !isLegacyVersion(versionHeader);
}

async function handlePost(c: Context<GatewayHonoEnv>): Promise<Response> {
  let id: JsonRpcId | undefined;
  try {
    checkTransport(c.req.raw);
    const contentType = c.req.header("content-type");
    if (contentType !== undefined && !contentType.toLowerCase().includes("application/json")) {
      throw new McpProtocolError(
        415,
        RPC_INVALID_REQUEST,
        "Unsupported Media Type: send the JSON-RPC message as application/json.",
      );
    }
    const agentId = await authenticateMcpAgent(c);
    const text = await c.req.text();
    if (text.length > MAX_BODY_CHARS) throw new McpProtocolError(413, RPC_INVALID_REQUEST, "The message is too large.");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new McpProtocolError(400, RPC_PARSE_ERROR, "Parse error: the body is not valid JSON.");
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
    const message = parsed.data;
    id = message.id;
    const memory = c.env.AGENT_MEMORY.getByName(agentId);
    const headers = c.req.raw.headers;
    const reply = isModernRequest(message, headers)
      ? await serveModernRequest(memory, message, headers)
      : await serveLegacyRequest(memory, message, headers);
    return render(reply);
  } catch (thrown) {
    return renderError(thrown, id);
  }
}

/** Ends a legacy session (DELETE with its `Mcp-Session-Id`); the stateless revision has none to end. */
async function handleDelete(c: Context<GatewayHonoEnv>): Promise<Response> {
  try {
    checkTransport(c.req.raw);
    const sessionId = c.req.header("mcp-session-id");
    if (sessionId === undefined) return methodNotAllowed();
    const agentId = await authenticateMcpAgent(c);
    const { closed } = await c.env.AGENT_MEMORY.getByName(agentId).closeMcpSession(sessionId);
    if (!closed) throw new McpProtocolError(404, RPC_INVALID_REQUEST, "Session not found.");
    return new Response(null, { status: 204 });
  } catch (thrown) {
    return renderError(thrown, undefined);
  }
}

/** No server-initiated stream: every answer comes back on the POST that asked (the spec allows 405 on GET). */
function methodNotAllowed(): Response {
  return render({
    status: 405,
    headers: { allow: "POST, DELETE" },
    body: jsonRpcError(undefined, {
      code: RPC_INVALID_REQUEST,
      message: "Method Not Allowed: POST JSON-RPC messages to this endpoint; it opens no SSE stream.",
    }),
  });
}

/**
 * The agent memory MCP server (Streamable HTTP, JSON responses) at
 * `/mcp/memory`: tools save_memory, search_memory, get_memory_block and
 * update_memory_block over the calling agent's own AgentMemory object.
 * Serves the session-based revisions (2025-03-26 … 2025-11-25) and the
 * stateless 2026-07-28 one on the same URL (workers/gateway/mcp/mcp-protocol.ts).
 */
export const mcpMemoryRoutes = new Hono<GatewayHonoEnv>()
  .post(PATH, handlePost)
  .delete(PATH, handleDelete)
  .on(["GET", "HEAD", "PUT", "PATCH"], PATH, () => methodNotAllowed());
