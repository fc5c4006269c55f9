import type { Context } from "hono";
import { Hono } from "hono";
import { toGatewayError } from "../../core/errors/gateway-error.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import type { JsonRpcId } from "../mcp/json-rpc-message.ts";
import { RPC_INVALID_REQUEST } from "../mcp/mcp-protocol.ts";
import { McpProtocolError } from "../mcp/mcp-protocol-error.ts";
import { checkMcpContentType, checkMcpTransport, isModernMcpRequest, readMcpMessage } from "../mcp/read-mcp-message.ts";
import { mcpMethodNotAllowed, renderMcpError, renderMcpReply } from "../mcp/render-mcp-reply.ts";
import { resolveMcpCaller } from "./resolve-mcp-caller.ts";
import { closeGatewayLegacySession, serveGatewayLegacy } from "./serve-gateway-legacy.ts";
import { serveGatewayModern } from "./serve-gateway-modern.ts";

const PATH = "/mcp/:server";
/** Tool arguments pass through to the upstream; 4 MiB leaves room for documents without inviting floods. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const LABEL = "mcp gateway request";
const SERVER_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function serverName(c: Context<GatewayHonoEnv>): string {
  const name = c.req.param("server") ?? "";
  if (!SERVER_NAME.test(name)) throw new McpProtocolError(404, RPC_INVALID_REQUEST, "No MCP server has that name.");
  return name;
}

/** Errors the governance checks raise as GatewayErrors (an unreachable control object) keep their status. */
function asMcpError(thrown: unknown): unknown {
  if (thrown instanceof McpProtocolError) return thrown;
  const error = toGatewayError(thrown);
  if (error.code === "internal") return thrown;
  return new McpProtocolError(error.status, RPC_INVALID_REQUEST, error.message, {
    ...(error.retryAfterSeconds === undefined ? {} : { headers: { "retry-after": String(error.retryAfterSeconds) } }),
  });
}

async function handlePost(c: Context<GatewayHonoEnv>): Promise<Response> {
  let id: JsonRpcId | undefined;
  try {
    checkMcpTransport(c.req.raw);
    checkMcpContentType(c.req.raw);
    const caller = await resolveMcpCaller(c, serverName(c));
    const message = await readMcpMessage(c, MAX_BODY_BYTES);
    id = message.id;
    const headers = c.req.raw.headers;
    const reply = isModernMcpRequest(message, headers)
      ? await serveGatewayModern(caller, message, headers)
      : await serveGatewayLegacy(caller, message, headers);
    return renderMcpReply(reply);
  } catch (thrown) {
    return renderMcpError(asMcpError(thrown), id, LABEL);
  }
}

async function handleDelete(c: Context<GatewayHonoEnv>): Promise<Response> {
  try {
    checkMcpTransport(c.req.raw);
    if (c.req.header("mcp-session-id") === undefined) return mcpMethodNotAllowed();
    const caller = await resolveMcpCaller(c, serverName(c));
    await closeGatewayLegacySession(caller, c.req.raw.headers);
    return new Response(null, { status: 204 });
  } catch (thrown) {
    return renderMcpError(asMcpError(thrown), undefined, LABEL);
  }
}

/**
 * The MCP gateway (Streamable HTTP, JSON responses) at `/mcp/<server>` for every upstream registered
 * with the admin API (`/mcp_servers`), `/mcp/memory` excepted (mounted first). Agents connect with their
 * agent key, speaking the session-based revisions or the stateless 2026-07-28 one; the gateway speaks
 * to the upstream in whichever it supports, with the credentials it holds. `tools/list` is filtered and
 * `tools/call` judged by the agent's tool policy (workers/core/governance/), the session's controls and
 * approvals (workers/gateway/governance/), and traced into the session (README "MCP gateway and tool policy").
 */
export const mcpGatewayRoutes = new Hono<GatewayHonoEnv>()
  .post(PATH, handlePost)
  .delete(PATH, handleDelete)
  .on(["GET", "HEAD", "PUT", "PATCH", "OPTIONS"], PATH, () => mcpMethodNotAllowed());
