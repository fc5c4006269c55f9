import type { CachedKey } from "../../core/auth/cached-key.ts";
import type { McpAgentPolicy, McpUpstream } from "./mcp-policy-cache.ts";
import type { UpstreamOutcome } from "./mcp-upstream-client.ts";

/** Everything a governed MCP request is judged and recorded by, resolved once per request. */
export interface GovernedMcpContext {
  env: Env;
  waitUntil: (promise: Promise<unknown>) => void;
  requestId: string;
  key: CachedKey;
  agent: McpAgentPolicy;
  upstream: McpUpstream;
  /** The session scope of the caller (its team, else its key) and the session its tool calls are traced in. */
  scope: string;
  sessionId: string;
  /** HTTP status of a JSON-RPC error reply: 200 for the session-based revisions, 400 for the stateless one. */
  errorStatus: number;
  /** One exchange with the upstream over this client's upstream session (re-opened as the revision allows). */
  send: (method: string, params: Record<string, unknown>) => Promise<UpstreamOutcome>;
}
