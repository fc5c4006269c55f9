import { type JsonRpcMessage, jsonRpcResult } from "../mcp/json-rpc-message.ts";
import { RPC_INTERNAL_ERROR, RPC_METHOD_NOT_FOUND } from "../mcp/mcp-protocol.ts";
import { McpProtocolError } from "../mcp/mcp-protocol-error.ts";
import type { McpReply } from "../mcp/mcp-reply.ts";
import {
  checkLegacyVersionHeader,
  legacySessionIdOf,
  legacySessionNotFound,
  negotiateInitialize,
} from "../mcp/serve-legacy-request.ts";
import { callGovernedTool } from "./call-governed-tool.ts";
import { decodeGatewayMcpSession, encodeGatewayMcpSession, type GatewayMcpSession } from "./gateway-mcp-session.ts";
import type { GovernedMcpContext } from "./governed-mcp-context.ts";
import { listGovernedTools } from "./list-governed-tools.ts";
import { closeUpstreamSession, openUpstreamSession, sendUpstream } from "./mcp-upstream-client.ts";
import type { McpCaller } from "./resolve-mcp-caller.ts";

export const GATEWAY_SERVER_VERSION = "0.1.0";

/** Only tools are governed, so only tools are offered: resources and prompts would bypass the tool policy. */
export const GATEWAY_CAPABILITIES = { tools: { listChanged: false } } as const;

export function gatewayServerInfo(server: string) {
  return { name: `switchyard-mcp/${server}`, version: GATEWAY_SERVER_VERSION };
}

/** The client's session: ours to decode (404 when it is not, so the client initializes again). */
export async function gatewaySessionOf(caller: McpCaller, headers: Headers): Promise<GatewayMcpSession> {
  const sessionId = legacySessionIdOf(headers);
  const session =
    sessionId === undefined
      ? undefined
      : await decodeGatewayMcpSession(sessionId, caller.agent.agentId, caller.upstream.name);
  if (session === undefined) throw legacySessionNotFound();
  return session;
}

async function initialize(caller: McpCaller, message: JsonRpcMessage): Promise<McpReply> {
  const { id, protocolVersion } = negotiateInitialize(message);
  const opened = await openUpstreamSession(caller.env, caller.upstream);
  if (!opened.ok) {
    throw new McpProtocolError(
      502,
      RPC_INTERNAL_ERROR,
      `The MCP server '${caller.upstream.name}' is unavailable: ${opened.message}.`,
    );
  }
  const session = await encodeGatewayMcpSession(
    caller.agent.agentId,
    caller.upstream.name,
    protocolVersion,
    opened.session,
  );
  return {
    status: 200,
    headers: { "mcp-session-id": session.id },
    body: jsonRpcResult(id, {
      protocolVersion,
      capabilities: GATEWAY_CAPABILITIES,
      serverInfo: gatewayServerInfo(caller.upstream.name),
      ...(opened.instructions === undefined ? {} : { instructions: opened.instructions }),
    }),
  };
}

/**
 * The session-based revisions (2025-03-26 … 2025-11-25) towards the client, whatever the upstream
 * speaks: `initialize` opens an upstream session and returns a gateway session id mapping to it
 * (gateway-mcp-session.ts); later messages carry it. `ping` is answered here; `tools/*` are governed;
 * every other method is unknown (-32601), since it would bypass the tool policy.
 */
export async function serveGatewayLegacy(
  caller: McpCaller,
  message: JsonRpcMessage,
  headers: Headers,
): Promise<McpReply> {
  if (message.method === "initialize") return initialize(caller, message);
  const session = await gatewaySessionOf(caller, headers);
  checkLegacyVersionHeader(headers, session.clientVersion);
  if (message.id === undefined) return { status: 202 };
  const context: GovernedMcpContext = {
    ...caller,
    sessionId: caller.namedSessionId ?? `mcp_${session.nonce}`,
    errorStatus: 200,
    send: async (method, params) => {
      const outcome = await sendUpstream(caller.env, caller.upstream, session.upstream, method, params);
      // The upstream forgot the session this one maps to: the client starts over, and gets a fresh pair.
      if (outcome.kind === "session_expired") throw legacySessionNotFound();
      return outcome;
    },
  };
  switch (message.method) {
    case "ping":
      return { status: 200, body: jsonRpcResult(message.id, {}) };
    case "tools/list":
      return { status: 200, body: jsonRpcResult(message.id, await listGovernedTools(context, message.params)) };
    case "tools/call":
      return { status: 200, body: jsonRpcResult(message.id, await callGovernedTool(context, message.params)) };
    default:
      throw new McpProtocolError(200, RPC_METHOD_NOT_FOUND, `Method not found: ${message.method}`);
  }
}

/** DELETE with the client's session id: ends the upstream session it maps to. */
export async function closeGatewayLegacySession(caller: McpCaller, headers: Headers): Promise<void> {
  const session = await gatewaySessionOf(caller, headers);
  await closeUpstreamSession(caller.env, caller.upstream, session.upstream);
}
