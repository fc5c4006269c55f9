import type { Context } from "hono";
import { toGatewayError } from "../../core/errors/gateway-error.ts";
import type { GatewayHonoEnv } from "../gateway-env.ts";
import { apiKeyAuth } from "../middleware/api-key-auth.ts";
import { APP_FORBIDDEN, APP_UNAUTHENTICATED, RPC_INTERNAL_ERROR } from "./mcp-protocol.ts";
import { McpProtocolError } from "./mcp-protocol-error.ts";

/** RFC 6750: a 401 names the scheme it wants. */
const CHALLENGE = { "www-authenticate": 'Bearer realm="switchyard"' };

/**
 * The agent a request speaks for, from its key alone: the gateway's own key
 * check (isolate-cached, so blocked, expired and deleted keys are refused the
 * same way as on the model routes), then the key's `agent_id`. The master key
 * and keys without an agent get 403; the agent id is never read from the body.
 */
export async function authenticateMcpAgent(c: Context<GatewayHonoEnv>): Promise<string> {
  try {
    await apiKeyAuth(c, async () => {});
  } catch (thrown) {
    const error = toGatewayError(thrown);
    if (error.status === 401) {
      throw new McpProtocolError(401, APP_UNAUTHENTICATED, error.message, { headers: CHALLENGE });
    }
    if (error.status === 403) throw new McpProtocolError(403, APP_FORBIDDEN, error.message);
    if (error.code === "internal") console.error("mcp authentication failed", thrown);
    throw new McpProtocolError(error.status, RPC_INTERNAL_ERROR, error.message);
  }
  const principal = c.get("principal");
  if (principal.kind !== "virtual" || principal.key.agentId === null) {
    throw new McpProtocolError(
      403,
      APP_FORBIDDEN,
      "MCP servers need an agent's key: this key belongs to no agent (issue one with agent_id).",
    );
  }
  return principal.key.agentId;
}
