/**
 * A request the MCP endpoint refuses, carrying both what the JSON-RPC error
 * says (`code`, `message`, `data`) and the HTTP status the transport
 * requires for it. Thrown inside workers/gateway/mcp/ and rendered in one
 * place (render-mcp-reply.ts), like GatewayError elsewhere.
 */
export class McpProtocolError extends Error {
  readonly status: number;
  readonly code: number;
  readonly data: unknown;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: number,
    message: string,
    options: { data?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "McpProtocolError";
    this.status = status;
    this.code = code;
    this.data = options.data;
    this.headers = options.headers ?? {};
  }
}
