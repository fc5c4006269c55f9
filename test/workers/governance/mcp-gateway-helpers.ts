import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { type McpHttpResponse, modernMcpMessage, postMcpMessage } from "../../helpers/mcp-requests.ts";
import { mockMcpUpstream } from "./mcp-upstream-fixture.ts";

export interface RpcBody {
  result?: Record<string, unknown> & {
    tools?: Array<{ name: string }>;
    content?: Array<{ type: string; text: string }>;
    isError?: boolean;
  };
  error?: { code: number; message: string };
}

export type McpResponse = McpHttpResponse<RpcBody>;

export function postMcp(
  server: string,
  key: string,
  message: unknown,
  headers: Record<string, string> = {},
): Promise<McpResponse> {
  return postMcpMessage<RpcBody>(`/mcp/${server}`, key, message, headers);
}

/** A client of the session-based revisions, naming its trace session with x-switchyard-session. */
export async function legacyClient(server: string, key: string, traceSession: string, protocolVersion = "2025-06-18") {
  const base = { "x-switchyard-session": traceSession };
  const initialized = await postMcp(
    server,
    key,
    {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion, capabilities: {}, clientInfo: { name: "t", version: "1" } },
    },
    base,
  );
  const sessionId = initialized.headers.get("mcp-session-id") ?? "";
  let nextId = 1;
  const headers = () => ({ ...base, "mcp-session-id": sessionId, "mcp-protocol-version": protocolVersion });
  return {
    initialized,
    sessionId,
    request: (method: string, params?: unknown) =>
      postMcp(
        server,
        key,
        { jsonrpc: "2.0", id: nextId++, method, ...(params === undefined ? {} : { params }) },
        headers(),
      ),
    callTool: (name: string, args: unknown) =>
      postMcp(
        server,
        key,
        { jsonrpc: "2.0", id: nextId++, method: "tools/call", params: { name, arguments: args } },
        headers(),
      ),
  };
}

/** A request of the stateless revision (modernMcpMessage), in the trace session `traceSession`. */
export function modernRequest(
  server: string,
  key: string,
  method: string,
  params: Record<string, unknown>,
  traceSession: string,
) {
  const modern = modernMcpMessage(method, params, { name: "t", version: "1" });
  return postMcp(server, key, modern.message, { ...modern.headers, "x-switchyard-session": traceSession });
}

export function unique(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

export async function registerServer(name: string, host: string, secret: string) {
  const created = await postAdmin("/mcp_servers", {
    name,
    url: `https://${host}/mcp`,
    headers: { "x-tenant": "acme" },
    credentials: { Authorization: `Bearer ${secret}` },
  });
  expect(created.status).toBe(200);
  return created.body;
}

export async function createAgent(teamId: string, servers: string[]): Promise<{ agentId: string; key: string }> {
  const created = await postAdmin("/agents", {
    name: unique("agent"),
    team_id: teamId,
    harness: "custom",
    default_model: "demo",
    allowed_mcp_servers: servers,
  });
  expect(created.status).toBe(200);
  return { agentId: String(created.body.agent_id), key: String(created.body.key) };
}

/** A registered upstream (mocked, expecting the server's credential) and an agent of a new team allowed to use it. */
export async function connectAgentToMockServer(prefix: string, protocol: "legacy" | "modern") {
  const server = unique(prefix);
  const host = `${server}.example.com`;
  const secret = `upstream-token-${crypto.randomUUID()}`;
  const teamId = unique("team");
  expect((await postAdmin("/team/new", { team_id: teamId })).status).toBe(200);
  const upstream = mockMcpUpstream({ host, protocol, expectedAuthorization: `Bearer ${secret}` });
  await registerServer(server, host, secret);
  const { agentId, key } = await createAgent(teamId, [server]);
  return { server, secret, teamId, agentId, key, upstream };
}

export async function putPolicy(agentId: string, policy: unknown) {
  const put = await callAdmin(`/agents/${agentId}/tool_policy`, { method: "PUT", body: JSON.stringify(policy) });
  expect(put.status).toBe(200);
  return put.body;
}

export function traceOf(teamId: string, sessionId: string) {
  return env.AGENT_SESSION.getByName(`team:${encodeURIComponent(teamId)}/${sessionId}`).getTrace();
}

export function textOf(response: McpResponse): string {
  return (response.body?.result?.content ?? []).map((part) => part.text).join("\n");
}
