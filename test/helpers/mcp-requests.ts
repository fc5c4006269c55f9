import { callGateway } from "./call-gateway.ts";

export const MODERN_MCP_VERSION = "2026-07-28";

export interface McpHttpResponse<Body> {
  status: number;
  headers: Headers;
  text: string;
  body: Body | undefined;
}

/** POSTs one JSON-RPC message (a string is sent as it is) to a gateway MCP endpoint, `key` as the bearer token. */
export async function postMcpMessage<Body>(
  path: string,
  key: string | null,
  message: unknown,
  headers: Record<string, string> = {},
): Promise<McpHttpResponse<Body>> {
  const requestHeaders = new Headers({
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    ...headers,
  });
  if (key !== null) requestHeaders.set("authorization", `Bearer ${key}`);
  const body = typeof message === "string" ? message : JSON.stringify(message);
  const { response, text } = await callGateway(path, { method: "POST", headers: requestHeaders, body });
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text === "" ? undefined : (JSON.parse(text) as Body),
  };
}

/** A request of the stateless revision: version, client and capabilities in `_meta`, mirrored in headers. */
export function modernMcpMessage(
  method: string,
  params: Record<string, unknown>,
  clientInfo: { name: string; version: string },
): { message: unknown; headers: Record<string, string> } {
  const name: Record<string, string> = typeof params.name === "string" ? { "mcp-name": params.name } : {};
  return {
    message: {
      jsonrpc: "2.0",
      id: "m-1",
      method,
      params: {
        ...params,
        _meta: {
          "io.modelcontextprotocol/protocolVersion": MODERN_MCP_VERSION,
          "io.modelcontextprotocol/clientInfo": clientInfo,
          "io.modelcontextprotocol/clientCapabilities": {},
        },
      },
    },
    headers: { "mcp-protocol-version": MODERN_MCP_VERSION, "mcp-method": method, ...name },
  };
}
