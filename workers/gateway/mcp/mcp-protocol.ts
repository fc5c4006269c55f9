/**
 * Protocol facts of the memory MCP server, from the MCP specification
 * (modelcontextprotocol.io/specification):
 * - "legacy" revisions open with `initialize`; over Streamable HTTP the server
 *   may assign an `Mcp-Session-Id` (we do) that later requests carry;
 *   2025-06-18 added the `MCP-Protocol-Version` header and dropped batching.
 * - the "modern" 2026-07-28 revision is stateless: no handshake, no session;
 *   every request carries its version, client info and capabilities in
 *   `params._meta`, mirrored in headers the server must check
 *   (basic/transports/streamable-http, "Server Validation"), `server/discover`
 *   replaces the handshake and results carry `resultType`.
 * A dual-era server serves both on one endpoint (basic/versioning).
 */
export const MODERN_PROTOCOL_VERSIONS = ["2026-07-28"] as const;
/** Newest first: `initialize` with a version we do not know is answered with the first. */
export const LEGACY_PROTOCOL_VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26"] as const;
export const SUPPORTED_PROTOCOL_VERSIONS: readonly string[] = [
  ...MODERN_PROTOCOL_VERSIONS,
  ...LEGACY_PROTOCOL_VERSIONS,
];

export const META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
export const META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
export const META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
export const META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";

export const SERVER_INFO = { name: "switchyard-memory", title: "Switchyard agent memory", version: "0.1.0" } as const;

export const SERVER_INSTRUCTIONS =
  "Long-term memory shared by every session of this agent. Save durable facts, decisions and preferences with " +
  "save_memory (give a key to update a fact in place), find them again with search_memory, and keep structured " +
  "state in schema-checked memory blocks (get_memory_block, update_memory_block). Secrets are redacted on save.";

/** JSON-RPC 2.0 codes, and the ones MCP reserves (-32020…-32099) for its own errors. */
export const RPC_PARSE_ERROR = -32700;
export const RPC_INVALID_REQUEST = -32600;
export const RPC_METHOD_NOT_FOUND = -32601;
export const RPC_INVALID_PARAMS = -32602;
export const RPC_INTERNAL_ERROR = -32603;
export const MCP_HEADER_MISMATCH = -32020;
export const MCP_UNSUPPORTED_PROTOCOL_VERSION = -32022;
/**
 * Authentication has no code in JSON-RPC or MCP; the spec asks for
 * application codes outside the reserved -32768…-32000 range.
 */
export const APP_UNAUTHENTICATED = -31001;
export const APP_FORBIDDEN = -31003;

export function isModernVersion(version: string): boolean {
  return (MODERN_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}

export function isLegacyVersion(version: string): boolean {
  return (LEGACY_PROTOCOL_VERSIONS as readonly string[]).includes(version);
}
