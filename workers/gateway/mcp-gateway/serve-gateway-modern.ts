import type { JsonRpcMessage } from "../mcp/json-rpc-message.ts";
import { RPC_INTERNAL_ERROR, SUPPORTED_PROTOCOL_VERSIONS } from "../mcp/mcp-protocol.ts";
import { McpProtocolError } from "../mcp/mcp-protocol-error.ts";
import type { McpReply } from "../mcp/mcp-reply.ts";
import { answerModernRequest } from "../mcp/serve-modern-request.ts";
import { callGovernedTool } from "./call-governed-tool.ts";
import type { GovernedMcpContext } from "./governed-mcp-context.ts";
import { listGovernedTools } from "./list-governed-tools.ts";
import {
  openUpstreamSession,
  sendUpstream,
  type UpstreamOutcome,
  type UpstreamSession,
} from "./mcp-upstream-client.ts";
import type { McpCaller } from "./resolve-mcp-caller.ts";
import { GATEWAY_CAPABILITIES, gatewayServerInfo } from "./serve-gateway-legacy.ts";

/**
 * Upstream sessions for stateless clients, per agent and server, per isolate: a stateless client has no
 * session to map, so its calls share one, opened on first use and again when the upstream forgets it.
 */
const pooled = new Map<string, Promise<UpstreamSession>>();
const MAX_POOLED = 10_000;

function pooledSession(caller: McpCaller): Promise<UpstreamSession> {
  const key = `${caller.agent.agentId}\n${caller.upstream.name}\n${caller.upstream.url}`;
  let session = pooled.get(key);
  if (session === undefined) {
    if (pooled.size >= MAX_POOLED) pooled.clear();
    session = openUpstreamSession(caller.env, caller.upstream).then((opened) => {
      if (!opened.ok)
        throw new McpProtocolError(
          502,
          RPC_INTERNAL_ERROR,
          `The MCP server '${caller.upstream.name}' is unavailable: ${opened.message}.`,
        );
      return opened.session;
    });
    void session.catch(() => pooled.delete(key));
    pooled.set(key, session);
  }
  return session;
}

async function sendPooled(
  caller: McpCaller,
  method: string,
  params: Record<string, unknown>,
): Promise<UpstreamOutcome> {
  const outcome = await sendUpstream(caller.env, caller.upstream, await pooledSession(caller), method, params);
  if (outcome.kind !== "session_expired") return outcome;
  pooled.delete(`${caller.agent.agentId}\n${caller.upstream.name}\n${caller.upstream.url}`);
  return sendUpstream(caller.env, caller.upstream, await pooledSession(caller), method, params);
}

/**
 * The stateless 2026-07-28 revision towards the client (the same checks and envelope as the memory server,
 * answerModernRequest), whatever the upstream speaks. Lists are per agent and change with its policy, so
 * they are `private` and cacheable only for the gateway's refresh interval.
 */
export function serveGatewayModern(caller: McpCaller, message: JsonRpcMessage, headers: Headers): Promise<McpReply> {
  return answerModernRequest(message, headers, gatewayServerInfo(caller.upstream.name), async (request) => {
    const ttlMs = Number(caller.env.CONFIG_REFRESH_MS ?? 2000);
    const context: GovernedMcpContext = {
      ...caller,
      sessionId: caller.namedSessionId ?? `mcp_${caller.agent.agentId}`,
      errorStatus: 400,
      send: (method, params) => sendPooled(caller, method, params),
    };
    switch (request.method) {
      case "server/discover":
        return {
          supportedVersions: SUPPORTED_PROTOCOL_VERSIONS,
          capabilities: GATEWAY_CAPABILITIES,
          ttlMs,
          cacheScope: "private",
        };
      case "ping":
        return {};
      case "tools/list":
        return { ...(await listGovernedTools(context, request.params)), ttlMs, cacheScope: "private" };
      case "tools/call":
        return callGovernedTool(context, request.params);
      default:
        return undefined;
    }
  });
}
