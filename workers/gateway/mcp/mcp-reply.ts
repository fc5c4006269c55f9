/** What the MCP endpoint answers: a status, a JSON-RPC body (none for 202), extra headers. */
export interface McpReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
