import { vi } from "vitest";

/** An upstream MCP server written for the tests: Streamable HTTP, JSON-RPC, tools search / run_query / delete_repo. */
export const UPSTREAM_TOOLS = [
  {
    name: "search",
    description: "Search the catalogue.",
    inputSchema: { type: "object", properties: { q: { type: "string" } } },
  },
  {
    name: "run_query",
    description: "Run SQL.",
    inputSchema: { type: "object", properties: { query: { type: "string" } } },
  },
  {
    name: "delete_repo",
    description: "Delete a repository.",
    inputSchema: { type: "object", properties: { repo: { type: "string" } } },
  },
] as const;

export interface SeenRequest {
  method: string;
  rpcMethod: string | undefined;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

export interface McpUpstreamMock {
  seen: SeenRequest[];
  /** Tool calls that reached the upstream, with their arguments. */
  toolCalls: () => Array<{ name: unknown; arguments: unknown }>;
  /** Makes the upstream forget every session it handed out. */
  forgetSessions: () => void;
}

/**
 * Mocks `fetch` for `https://<host>/mcp`: `legacy` servers answer `initialize` with an Mcp-Session-Id and
 * insist on it (404 once forgotten) and know no `server/discover`; `modern` servers are stateless and
 * answer `server/discover`. Every request must carry `expectedAuthorization`. `run_query` echoes its
 * query; `search` answers as SSE, to exercise the gateway's event-stream reading; `echo_secret` reflects
 * the authorization header, as a hostile server would.
 */
export function mockMcpUpstream(options: {
  host: string;
  protocol: "legacy" | "modern";
  expectedAuthorization: string;
}): McpUpstreamMock {
  const seen: SeenRequest[] = [];
  let sessions = new Set<string>();
  const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

  const previous = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).host !== options.host) return previous(input, init);
    const body = request.method === "POST" ? ((await request.json()) as Record<string, unknown>) : undefined;
    const rpcMethod = typeof body?.method === "string" ? body.method : undefined;
    seen.push({ method: request.method, rpcMethod, headers: request.headers, body });
    if (request.headers.get("authorization") !== options.expectedAuthorization)
      return json({ error: "unauthorized" }, 401);
    if (request.method === "DELETE") return new Response(null, { status: 204 });
    const id = body?.id;
    const params = (body?.params ?? {}) as Record<string, unknown>;
    if (options.protocol === "modern") {
      if (rpcMethod === "server/discover") {
        return json({
          jsonrpc: "2.0",
          id,
          result: { supportedVersions: ["2026-07-28"], capabilities: { tools: {} }, resultType: "complete" },
        });
      }
    } else {
      if (rpcMethod === "server/discover")
        return json({ jsonrpc: "2.0", id, error: { code: -32601, message: "Method not found" } });
      if (rpcMethod === "initialize") {
        const sessionId = `up-${crypto.randomUUID()}`;
        sessions.add(sessionId);
        return json(
          {
            jsonrpc: "2.0",
            id,
            result: {
              protocolVersion: "2025-06-18",
              capabilities: { tools: {} },
              serverInfo: { name: "test-upstream", version: "1" },
            },
          },
          200,
          { "mcp-session-id": sessionId },
        );
      }
      if (!sessions.has(request.headers.get("mcp-session-id") ?? "")) return json({ error: "session not found" }, 404);
      if (id === undefined) return new Response(null, { status: 202 });
    }
    const result = (value: Record<string, unknown>) =>
      options.protocol === "modern" ? { ...value, resultType: "complete" } : value;
    if (rpcMethod === "tools/list") {
      return json({
        jsonrpc: "2.0",
        id,
        result: result({ tools: [...UPSTREAM_TOOLS, { name: "echo_secret", inputSchema: { type: "object" } }] }),
      });
    }
    if (rpcMethod === "tools/call") {
      const args = (params.arguments ?? {}) as Record<string, unknown>;
      if (params.name === "search") {
        const event = {
          jsonrpc: "2.0",
          id,
          result: result({ content: [{ type: "text", text: `found: ${String(args.q)}` }] }),
        };
        const stream = `event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", method: "notifications/progress", params: {} })}\n\nevent: message\ndata: ${JSON.stringify(event)}\n\n`;
        return new Response(stream, { headers: { "content-type": "text/event-stream" } });
      }
      if (params.name === "echo_secret") {
        const text = `you sent ${request.headers.get("authorization")}`;
        return json({ jsonrpc: "2.0", id, result: result({ content: [{ type: "text", text }] }) });
      }
      const text = params.name === "run_query" ? `rows for ${String(args.query)}` : `done: ${String(params.name)}`;
      return json({ jsonrpc: "2.0", id, result: result({ content: [{ type: "text", text }], isError: false }) });
    }
    return json({ jsonrpc: "2.0", id, error: { code: -32601, message: "Method not found" } });
  });

  return {
    seen,
    toolCalls: () =>
      seen
        .filter((request) => request.rpcMethod === "tools/call")
        .map((request) => {
          const params = (request.body?.params ?? {}) as Record<string, unknown>;
          return { name: params.name, arguments: params.arguments };
        }),
    forgetSessions: () => {
      sessions = new Set();
    },
  };
}
