import { z } from "zod";

/**
 * A JSON-RPC 2.0 request (with `id`) or notification (without) as a client
 * sends it to an MCP server. MCP forbids `null` ids; `params` is an object
 * when present. Responses from the client do not parse: this server never
 * sends requests a client would answer.
 */
export const jsonRpcMessageSchema = z.strictObject({
  jsonrpc: z.literal("2.0"),
  id: z.union([z.string(), z.int()]).optional(),
  method: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type JsonRpcMessage = z.infer<typeof jsonRpcMessageSchema>;
export type JsonRpcId = NonNullable<JsonRpcMessage["id"]>;

export function jsonRpcResult(id: JsonRpcId, result: Record<string, unknown>) {
  return { jsonrpc: "2.0", id, result } as const;
}

export function jsonRpcError(id: JsonRpcId | undefined, error: { code: number; message: string; data?: unknown }) {
  const body = { code: error.code, message: error.message, ...(error.data === undefined ? {} : { data: error.data }) };
  return id === undefined ? ({ jsonrpc: "2.0", error: body } as const) : ({ jsonrpc: "2.0", id, error: body } as const);
}
