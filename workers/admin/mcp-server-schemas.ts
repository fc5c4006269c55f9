/** Admin API bodies for upstream MCP servers (`/mcp_servers/*`). */
import { z } from "zod";

/** Headers the gateway sets itself on every upstream request (transport, session, routing); never configurable. */
const RESERVED_HEADERS = new Set([
  "accept",
  "connection",
  "content-length",
  "content-type",
  "host",
  "mcp-method",
  "mcp-name",
  "mcp-protocol-version",
  "mcp-session-id",
  "transfer-encoding",
  "upgrade",
]);

/** `memory` is the gateway's own agent-memory server at `/mcp/memory`. */
export const RESERVED_SERVER_NAMES = new Set(["memory"]);

export const mcpServerNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "expected a lowercase name of letters, digits, '_' or '-' (at most 63)")
  .refine((name) => !RESERVED_SERVER_NAMES.has(name), { message: "this name is reserved for a built-in server" });

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, "expected an HTTP header name")
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), {
    message: "the gateway sets this header itself",
  });
const headerValue = z
  .string()
  .min(1)
  .max(8192)
  .regex(/^[\t\x20-\x7e\x80-\xff]*$/, "expected a header value without control characters");
const headerMap = z
  .record(headerName, headerValue)
  .refine((headers) => Object.keys(headers).length <= 20, { message: "expected at most 20 headers" });

const fields = {
  /** Streamable HTTP endpoint of the upstream server, e.g. https://mcp.example.com/mcp. */
  url: z.url({ protocol: /^https?$/ }).max(2000),
  description: z.string().max(2000).nullable(),
  team_id: z.string().min(1).max(100).nullable(),
  /** Non-secret headers, stored and shown as they are. */
  headers: headerMap,
  /** Secret headers (e.g. `Authorization: Bearer …`): sealed at rest, only their names are ever shown. */
  credentials: headerMap,
  timeout_ms: z.int().min(1000).max(300_000),
};

export const mcpServerCreateSchema = z.strictObject({
  name: mcpServerNameSchema,
  url: fields.url,
  description: fields.description.optional(),
  team_id: fields.team_id.optional(),
  headers: fields.headers.optional(),
  credentials: fields.credentials.optional(),
  timeout_ms: fields.timeout_ms.optional(),
});
export type McpServerCreateBody = z.infer<typeof mcpServerCreateSchema>;

/**
 * PATCH: the fields named replace the current ones. `credentials` replaces them whole; to keep one
 * while changing another, send the ones to keep again (their values are never shown back).
 */
export const mcpServerUpdateSchema = mcpServerCreateSchema.omit({ name: true }).partial();
export type McpServerUpdateBody = z.infer<typeof mcpServerUpdateSchema>;

export const DEFAULT_MCP_TIMEOUT_MS = 60_000;
