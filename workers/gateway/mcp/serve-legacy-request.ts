import { z } from "zod";
import type { AgentMemory } from "../../../durable-objects/agent-memory.ts";
import { type JsonRpcId, type JsonRpcMessage, jsonRpcResult } from "./json-rpc-message.ts";
import {
  isLegacyVersion,
  LEGACY_PROTOCOL_VERSIONS,
  RPC_INVALID_PARAMS,
  RPC_INVALID_REQUEST,
  RPC_METHOD_NOT_FOUND,
  SERVER_INFO,
  SERVER_INSTRUCTIONS,
} from "./mcp-protocol.ts";
import { McpProtocolError } from "./mcp-protocol-error.ts";
import type { McpReply } from "./mcp-reply.ts";
import { callMemoryToolMethod, listMemoryTools } from "./memory-tool-methods.ts";

const initializeParamsSchema = z.looseObject({
  protocolVersion: z.string().min(1).max(32),
  capabilities: z.record(z.string(), z.unknown()).optional(),
  clientInfo: z.looseObject({ name: z.string().max(200) }).optional(),
});

/** Session ids are ours (UUIDs); anything else cannot name a session. */
const sessionIdSchema = z.string().regex(/^[\x21-\x7e]{1,200}$/);

/**
 * Revisions 2025-03-26 … 2025-11-25: `initialize` negotiates a version and
 * opens a session kept in the agent's memory object (its id returned as
 * `Mcp-Session-Id`); every later message must carry that id (400 without it,
 * 404 once the session is gone, so the client initializes again) and, since
 * 2025-06-18, an `MCP-Protocol-Version` equal to the negotiated one.
 * Method-level JSON-RPC errors come back with HTTP 200, as these revisions' SDKs do.
 */
export async function serveLegacyRequest(
  memory: DurableObjectStub<AgentMemory>,
  message: JsonRpcMessage,
  headers: Headers,
): Promise<McpReply> {
  if (message.method === "initialize") return initialize(memory, message);

  const sessionId = legacySessionIdOf(headers);
  const session =
    sessionId === undefined
      ? ({ ok: false, reason: "not_found" } as const)
      : await memory.touchMcpSession({ sessionId, now: Date.now() });
  if (!session.ok) throw legacySessionNotFound();
  checkLegacyVersionHeader(headers, session.protocolVersion);

  if (message.id === undefined) return { status: 202 };
  switch (message.method) {
    case "ping":
      return { status: 200, body: jsonRpcResult(message.id, {}) };
    case "tools/list":
      return { status: 200, body: jsonRpcResult(message.id, listMemoryTools()) };
    case "tools/call":
      return { status: 200, body: jsonRpcResult(message.id, await callMemoryToolMethod(memory, message.params, 200)) };
    default:
      throw new McpProtocolError(200, RPC_METHOD_NOT_FOUND, `Method not found: ${message.method}`);
  }
}

async function initialize(memory: DurableObjectStub<AgentMemory>, message: JsonRpcMessage): Promise<McpReply> {
  const { id, protocolVersion, clientName } = negotiateInitialize(message);
  const { sessionId } = await memory.openMcpSession({ protocolVersion, clientName, now: Date.now() });
  return {
    status: 200,
    headers: { "mcp-session-id": sessionId },
    body: jsonRpcResult(id, {
      protocolVersion,
      capabilities: { tools: { listChanged: false } },
      serverInfo: SERVER_INFO,
      instructions: SERVER_INSTRUCTIONS,
    }),
  };
}

/** An `initialize` request's id and the version we answer with: the client's when we speak it, else our newest. */
export function negotiateInitialize(message: JsonRpcMessage): {
  id: JsonRpcId;
  protocolVersion: string;
  clientName: string | null;
} {
  if (message.id === undefined) {
    throw new McpProtocolError(400, RPC_INVALID_REQUEST, "initialize is a request: it needs an id.");
  }
  const params = initializeParamsSchema.safeParse(message.params ?? {});
  if (!params.success) {
    throw new McpProtocolError(400, RPC_INVALID_PARAMS, "initialize needs params.protocolVersion (a string).");
  }
  // The client decides whether to go on with our version when it differs from the one it asked for.
  const requested = params.data.protocolVersion;
  const protocolVersion = isLegacyVersion(requested) ? requested : LEGACY_PROTOCOL_VERSIONS[0];
  return { id: message.id, protocolVersion, clientName: params.data.clientInfo?.name ?? null };
}

/** The `Mcp-Session-Id` a non-initialize legacy message must carry (400 without); undefined when malformed. */
export function legacySessionIdOf(headers: Headers): string | undefined {
  const sessionHeader = headers.get("mcp-session-id");
  if (sessionHeader === null) {
    throw new McpProtocolError(
      400,
      RPC_INVALID_REQUEST,
      "Bad Request: the Mcp-Session-Id header is required; send initialize first.",
    );
  }
  const sessionId = sessionIdSchema.safeParse(sessionHeader);
  return sessionId.success ? sessionId.data : undefined;
}

/** 404 tells the client to initialize again. */
export function legacySessionNotFound(): McpProtocolError {
  return new McpProtocolError(
    404,
    RPC_INVALID_REQUEST,
    "Session not found: it ended or expired; send initialize again.",
  );
}

/** Since 2025-06-18 every message names the negotiated version; a different one is refused. */
export function checkLegacyVersionHeader(headers: Headers, negotiated: string): void {
  const versionHeader = headers.get("mcp-protocol-version");
  if (versionHeader !== null && versionHeader !== negotiated) {
    throw new McpProtocolError(
      400,
      RPC_INVALID_REQUEST,
      `Bad Request: MCP-Protocol-Version ${versionHeader} differs from the session's ${negotiated}.`,
    );
  }
}
