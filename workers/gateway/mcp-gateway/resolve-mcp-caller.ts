import type { Context } from "hono";
import { resolveSessionIdentity } from "../../core/session/session-identity.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { authenticateMcpAgent } from "../mcp/authenticate-mcp-agent.ts";
import { APP_FORBIDDEN, RPC_INTERNAL_ERROR, RPC_INVALID_REQUEST } from "../mcp/mcp-protocol.ts";
import { McpProtocolError } from "../mcp/mcp-protocol-error.ts";
import { principalSessionScope } from "../session/principal-session-scope.ts";
import type { GovernedMcpContext } from "./governed-mcp-context.ts";
import { mcpPolicyCache } from "./mcp-policy-cache.ts";
import { appendMcpDenial } from "./record-mcp-tool-call.ts";

/** A governed request before its protocol revision is known: who calls which server, under which policy. */
export type McpCaller = Omit<GovernedMcpContext, "send" | "errorStatus" | "sessionId"> & {
  /** The session the client named in a header (x-switchyard-session, x-claude-code-session-id, …), if any. */
  namedSessionId: string | undefined;
};

function waitUntilOf(c: Context<GatewayHonoEnv>): (promise: Promise<unknown>) => void {
  try {
    const executionCtx = c.executionCtx;
    return (promise) => executionCtx.waitUntil(promise);
  } catch {
    // No execution context (the app called directly): nothing outlives the response; still run the work.
    return (promise) => void promise.catch(() => undefined);
  }
}

function forbidden(serverName: string): McpProtocolError {
  return new McpProtocolError(
    403,
    APP_FORBIDDEN,
    `Forbidden: this agent may not use the MCP server '${serverName}' (it is not in the agent's allowed_mcp_servers).`,
  );
}

/**
 * The caller of `/mcp/<server>`: an agent's key (authenticateMcpAgent), a registered live agent that lists
 * the server in `allowed_mcp_servers` (refusals are audited), and the server itself, in the agent's team
 * or shared by all. Policies and servers come from the isolate cache, fresh within CONFIG_REFRESH_MS.
 */
export async function resolveMcpCaller(c: Context<GatewayHonoEnv>, serverName: string): Promise<McpCaller> {
  const agentId = await authenticateMcpAgent(c);
  const principal = c.get("principal");
  if (principal.kind !== "virtual") throw forbidden(serverName);
  const env = c.env;
  const agent = await mcpPolicyCache.agent(env, agentId);
  if (agent === null || agent.deleted) {
    throw new McpProtocolError(
      403,
      APP_FORBIDDEN,
      "Forbidden: MCP servers need the key of a registered agent (POST /agents).",
    );
  }
  const waitUntil = waitUntilOf(c);
  const requestId = c.get("requestId");
  const allowed = agent.allowedMcpServers.includes(serverName) || agent.allowedMcpServers.includes("*");
  const upstream = allowed ? await mcpPolicyCache.server(env, serverName) : null;
  if (!allowed || (upstream !== null && upstream.teamId !== null && upstream.teamId !== agent.teamId)) {
    waitUntil(
      appendMcpDenial(env, {
        action: "mcp_server.denied",
        key: principal.key,
        requestId,
        at: Date.now(),
        target: serverName,
        details: { server: serverName, reason: allowed ? "other_team" : "not_in_allowed_mcp_servers" },
      }).catch((error: unknown) => console.error("mcp server denial audit failed", error)),
    );
    throw forbidden(serverName);
  }
  if (upstream === null)
    throw new McpProtocolError(404, RPC_INVALID_REQUEST, `No MCP server is registered as '${serverName}'.`);
  if (upstream.unusable !== undefined) {
    console.error(`mcp server ${serverName} is unusable: ${upstream.unusable}`);
    throw new McpProtocolError(
      502,
      RPC_INTERNAL_ERROR,
      `The MCP server '${serverName}' is misconfigured at the gateway.`,
    );
  }
  return {
    env,
    waitUntil,
    requestId,
    key: principal.key,
    agent,
    upstream,
    scope: principalSessionScope(principal),
    namedSessionId: resolveSessionIdentity(c.req.raw.headers, {})?.sessionId,
  };
}
