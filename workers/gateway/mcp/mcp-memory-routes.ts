import type { Context } from "hono";
import { Hono } from "hono";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { authenticateMcpAgent } from "./authenticate-mcp-agent.ts";
import type { JsonRpcId } from "./json-rpc-message.ts";
import { RPC_INVALID_REQUEST } from "./mcp-protocol.ts";
import { McpProtocolError } from "./mcp-protocol-error.ts";
import { checkMcpContentType, checkMcpTransport, isModernMcpRequest, readMcpMessage } from "./read-mcp-message.ts";
import { mcpMethodNotAllowed, renderMcpError, renderMcpReply } from "./render-mcp-reply.ts";
import { serveLegacyRequest } from "./serve-legacy-request.ts";
import { serveModernRequest } from "./serve-modern-request.ts";

const PATH = "/mcp/memory";
/** Tool arguments are capped far below this (notes 32 KiB, block values 64 KiB). */
const MAX_BODY_BYTES = 1_048_576;
const LABEL = "mcp memory request";

async function handlePost(c: Context<GatewayHonoEnv>): Promise<Response> {
  let id: JsonRpcId | undefined;
  try {
    checkMcpTransport(c.req.raw);
    checkMcpContentType(c.req.raw);
    const agentId = await authenticateMcpAgent(c);
    const message = await readMcpMessage(c, MAX_BODY_BYTES);
    id = message.id;
    const memory = c.env.AGENT_MEMORY.getByName(agentId);
    const headers = c.req.raw.headers;
    const reply = isModernMcpRequest(message, headers)
      ? await serveModernRequest(memory, message, headers)
      : await serveLegacyRequest(memory, message, headers);
    return renderMcpReply(reply);
  } catch (thrown) {
    return renderMcpError(thrown, id, LABEL);
  }
}

/** Ends a legacy session (DELETE with its `Mcp-Session-Id`); the stateless revision has none to end. */
async function handleDelete(c: Context<GatewayHonoEnv>): Promise<Response> {
  try {
    checkMcpTransport(c.req.raw);
    const sessionId = c.req.header("mcp-session-id");
    if (sessionId === undefined) return mcpMethodNotAllowed();
    const agentId = await authenticateMcpAgent(c);
    const { closed } = await c.env.AGENT_MEMORY.getByName(agentId).closeMcpSession(sessionId);
    if (!closed) throw new McpProtocolError(404, RPC_INVALID_REQUEST, "Session not found.");
    return new Response(null, { status: 204 });
  } catch (thrown) {
    return renderMcpError(thrown, undefined, LABEL);
  }
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
  .on(["GET", "HEAD", "PUT", "PATCH", "OPTIONS"], PATH, () => mcpMethodNotAllowed());
