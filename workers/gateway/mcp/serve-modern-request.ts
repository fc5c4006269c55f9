import type { AgentMemory } from "../../../durable-objects/agent-memory.ts";
import { type JsonRpcMessage, jsonRpcResult } from "./json-rpc-message.ts";
import {
  isModernVersion,
  MCP_HEADER_MISMATCH,
  MCP_UNSUPPORTED_PROTOCOL_VERSION,
  META_CLIENT_CAPABILITIES,
  META_PROTOCOL_VERSION,
  META_SERVER_INFO,
  RPC_INVALID_PARAMS,
  RPC_METHOD_NOT_FOUND,
  SERVER_INFO,
  SERVER_INSTRUCTIONS,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "./mcp-protocol.ts";
import { McpProtocolError } from "./mcp-protocol-error.ts";
import type { McpReply } from "./mcp-reply.ts";
import { callMemoryToolMethod, listMemoryTools } from "./memory-tool-methods.ts";

/** How long a client may cache `server/discover` and `tools/list`: they change only with a deploy. */
const LIST_TTL_MS = 300_000;

/** The request's `params._meta`, when it is an object. */
export function requestMeta(message: Pick<JsonRpcMessage, "params">): Record<string, unknown> | undefined {
  const meta = message.params?._meta;
  return typeof meta === "object" && meta !== null && !Array.isArray(meta)
    ? (meta as Record<string, unknown>)
    : undefined;
}

/** `Mcp-Name` and `Mcp-Param-*` values may come as `=?base64?…?=` (UTF-8), per the transport's Value Encoding. */
function decodeHeaderValue(value: string): string | undefined {
  const encoded = /^=\?base64\?([A-Za-z0-9+/]*={0,2})\?=$/.exec(value);
  if (encoded === null) return value;
  try {
    const bytes = Uint8Array.from(atob(encoded[1] ?? ""), (character) => character.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

function headerMismatch(message: string): McpProtocolError {
  return new McpProtocolError(400, MCP_HEADER_MISMATCH, `Header mismatch: ${message}`);
}

/**
 * The checks of the stateless 2026-07-28 revision: the version, client and capabilities travel in every
 * request's `_meta`, and the mirrored headers must agree with the body (400 HeaderMismatch, -32020) so
 * that intermediaries routing on headers cannot be fooled. `Mcp-Session-Id` is ignored.
 */
export function checkModernRequest(message: JsonRpcMessage, headers: Headers): void {
  const meta = requestMeta(message);
  const version = meta?.[META_PROTOCOL_VERSION];
  if (typeof version !== "string") {
    throw new McpProtocolError(
      400,
      RPC_INVALID_PARAMS,
      `Invalid params: _meta["${META_PROTOCOL_VERSION}"] is required.`,
    );
  }
  const versionHeader = headers.get("mcp-protocol-version");
  if (versionHeader === null) throw headerMismatch("the MCP-Protocol-Version header is required.");
  if (versionHeader !== version) {
    throw headerMismatch(
      `MCP-Protocol-Version header value '${versionHeader}' does not match body value '${version}'.`,
    );
  }
  if (!isModernVersion(version)) {
    throw new McpProtocolError(400, MCP_UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version", {
      data: { supported: SUPPORTED_PROTOCOL_VERSIONS, requested: version },
    });
  }
  const capabilities = meta?.[META_CLIENT_CAPABILITIES];
  if (typeof capabilities !== "object" || capabilities === null || Array.isArray(capabilities)) {
    throw new McpProtocolError(
      400,
      RPC_INVALID_PARAMS,
      `Invalid params: _meta["${META_CLIENT_CAPABILITIES}"] is required.`,
    );
  }
  const methodHeader = headers.get("mcp-method");
  if (methodHeader !== message.method) {
    throw headerMismatch(
      methodHeader === null
        ? "the Mcp-Method header is required."
        : `Mcp-Method header value '${methodHeader}' does not match body value '${message.method}'.`,
    );
  }
  if (message.method === "tools/call") {
    const name = message.params?.name;
    const nameHeader = headers.get("mcp-name");
    if (nameHeader === null) throw headerMismatch("the Mcp-Name header is required for tools/call.");
    const decoded = decodeHeaderValue(nameHeader);
    if (decoded !== name) {
      throw headerMismatch(`Mcp-Name header value '${nameHeader}' does not match body value '${String(name)}'.`);
    }
  }
}

/**
 * Answers one request of the stateless 2026-07-28 revision, after checkModernRequest: a notification is
 * accepted (202); a method `handle` knows completes with its result and `serverInfo` in `_meta`; any other
 * is 404 with -32601, which tells a modern client this is a modern server.
 */
export async function answerModernRequest(
  message: JsonRpcMessage,
  headers: Headers,
  serverInfo: Record<string, string>,
  handle: (message: JsonRpcMessage) => Promise<Record<string, unknown> | undefined>,
): Promise<McpReply> {
  checkModernRequest(message, headers);
  const id = message.id;
  if (id === undefined) return { status: 202 };
  const result = await handle(message);
  if (result === undefined) {
    throw new McpProtocolError(404, RPC_METHOD_NOT_FOUND, `Method not found: ${message.method}`);
  }
  return {
    status: 200,
    body: jsonRpcResult(id, { ...result, resultType: "complete", _meta: { [META_SERVER_INFO]: serverInfo } }),
  };
}

/** The memory server's side of the stateless revision (answerModernRequest). */
export function serveModernRequest(
  memory: DurableObjectStub<AgentMemory>,
  message: JsonRpcMessage,
  headers: Headers,
): Promise<McpReply> {
  return answerModernRequest(message, headers, SERVER_INFO, async (request) => {
    switch (request.method) {
      case "server/discover":
        return {
          supportedVersions: SUPPORTED_PROTOCOL_VERSIONS,
          capabilities: { tools: { listChanged: false } },
          instructions: SERVER_INSTRUCTIONS,
          ttlMs: LIST_TTL_MS,
          cacheScope: "public",
        };
      case "tools/list":
        return { ...listMemoryTools(), ttlMs: LIST_TTL_MS, cacheScope: "public" };
      case "tools/call":
        return callMemoryToolMethod(memory, request.params, 400);
      default:
        return undefined;
    }
  });
}
