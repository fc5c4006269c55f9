import { type JsonRpcId, jsonRpcError } from "./json-rpc-message.ts";
import { RPC_INTERNAL_ERROR, RPC_INVALID_REQUEST } from "./mcp-protocol.ts";
import { McpProtocolError } from "./mcp-protocol-error.ts";
import type { McpReply } from "./mcp-reply.ts";

export function renderMcpReply(reply: McpReply): Response {
  const headers = new Headers(reply.headers);
  if (reply.body === undefined) return new Response(null, { status: reply.status, headers });
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers });
}

/** A refusal as its JSON-RPC error with the status the transport wants; anything else is logged and a bare 500. */
export function renderMcpError(thrown: unknown, id: JsonRpcId | undefined, label: string): Response {
  if (thrown instanceof McpProtocolError) {
    return renderMcpReply({ status: thrown.status, headers: thrown.headers, body: jsonRpcError(id, thrown) });
  }
  console.error(`${label} failed`, thrown);
  return renderMcpReply({
    status: 500,
    body: jsonRpcError(id, { code: RPC_INTERNAL_ERROR, message: "Internal error" }),
  });
}

/** No server-initiated stream: every answer comes back on the POST that asked (the spec allows 405 on GET). */
export function mcpMethodNotAllowed(): Response {
  return renderMcpReply({
    status: 405,
    headers: { allow: "POST, DELETE" },
    body: jsonRpcError(undefined, {
      code: RPC_INVALID_REQUEST,
      message: "Method Not Allowed: POST JSON-RPC messages to this endpoint; it opens no SSE stream.",
    }),
  });
}
