import {
  LEGACY_PROTOCOL_VERSIONS,
  META_CLIENT_CAPABILITIES,
  META_CLIENT_INFO,
  META_PROTOCOL_VERSION,
  MODERN_PROTOCOL_VERSIONS,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../mcp/mcp-protocol.ts";
import { outboundFetch } from "../outbound-fetch.ts";
import { MAX_UPSTREAM_SESSION_ID_CHARS } from "./gateway-mcp-session.ts";
import type { McpUpstream } from "./mcp-policy-cache.ts";
import { readUpstreamReply, type UpstreamReply } from "./read-upstream-reply.ts";

/** How the gateway talks to one upstream: the stateless revision, or a session-based one (with its session, if any). */
export interface UpstreamSession {
  protocol: "modern" | "legacy";
  version: string;
  sessionId: string | null;
}

export type UpstreamOutcome = UpstreamReply | { kind: "session_expired" } | { kind: "unavailable"; message: string };

const CLIENT_INFO = { name: "switchyard-mcp-gateway", version: "0.1.0" } as const;
const MODERN_VERSION = MODERN_PROTOCOL_VERSIONS[0];
const MAX_REPLY_BYTES = 8 * 1024 * 1024;

/** `Mcp-Name` values outside printable ASCII go as `=?base64?…?=` (the transport's Value Encoding). */
function headerValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const bytes = new TextEncoder().encode(value);
  return `=?base64?${btoa(String.fromCharCode(...bytes))}?=`;
}

function requestHeaders(
  upstream: McpUpstream,
  session: UpstreamSession,
  method: string,
  params: Record<string, unknown>,
) {
  const headers = new Headers(upstream.headers);
  headers.set("content-type", "application/json");
  headers.set("accept", "application/json, text/event-stream");
  // 2025-03-26 predates the version header; every later revision requires it.
  if (session.version !== "2025-03-26") headers.set("mcp-protocol-version", session.version);
  if (session.sessionId !== null) headers.set("mcp-session-id", session.sessionId);
  if (session.protocol === "modern") {
    headers.set("mcp-method", method);
    if (method === "tools/call" && typeof params.name === "string") headers.set("mcp-name", headerValue(params.name));
  }
  return headers;
}

function bodyParams(session: UpstreamSession, params: Record<string, unknown>): Record<string, unknown> {
  if (session.protocol === "legacy") return params;
  return {
    ...params,
    _meta: {
      [META_PROTOCOL_VERSION]: session.version,
      [META_CLIENT_INFO]: CLIENT_INFO,
      [META_CLIENT_CAPABILITIES]: {},
    },
  };
}

/**
 * One JSON-RPC exchange with an upstream MCP server, through the gateway's outbound fetch (outbound URL
 * policy, redirects never followed) with the server's headers and credentials. Notifications (no
 * `expectReply`) are sent and only their status is read. Failures are values: `session_expired` for a
 * 404 on a session (the caller initializes again), `unavailable` for anything the transport broke.
 */
export async function sendUpstream(
  env: Env,
  upstream: McpUpstream,
  session: UpstreamSession,
  method: string,
  params: Record<string, unknown>,
  expectReply = true,
): Promise<UpstreamOutcome & { sessionId?: string }> {
  const id = crypto.randomUUID();
  const message = { jsonrpc: "2.0", ...(expectReply ? { id } : {}), method, params: bodyParams(session, params) };
  let response: Response;
  try {
    response = await outboundFetch(env)(upstream.url, {
      method: "POST",
      headers: requestHeaders(upstream, session, method, params),
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(upstream.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    return {
      kind: "unavailable",
      message: timedOut ? `no answer within ${upstream.timeoutMs} ms` : "the server could not be reached",
    };
  }
  if (response.status === 404 && session.sessionId !== null) {
    await response.body?.cancel();
    return { kind: "session_expired" };
  }
  if (!expectReply) {
    await response.body?.cancel();
    return response.ok ? { kind: "result", result: {} } : { kind: "unavailable", message: `HTTP ${response.status}` };
  }
  const sessionId = response.headers.get("mcp-session-id") ?? undefined;
  const reply = await readUpstreamReply(response, id, MAX_REPLY_BYTES);
  if (reply.kind === "invalid" && !response.ok) return { kind: "unavailable", message: `HTTP ${response.status}` };
  return sessionId === undefined ? reply : { ...reply, sessionId };
}

/** Which revision each upstream speaks, learned once per isolate by asking `server/discover`. */
const detected = new Map<string, Promise<"modern" | "legacy">>();

function detectProtocol(env: Env, upstream: McpUpstream): Promise<"modern" | "legacy"> {
  const key = `${upstream.name}\n${upstream.url}`;
  let protocol = detected.get(key);
  if (protocol === undefined) {
    const probe: UpstreamSession = { protocol: "modern", version: MODERN_VERSION, sessionId: null };
    protocol = sendUpstream(env, upstream, probe, "server/discover", {}).then((outcome) => {
      if (outcome.kind === "unavailable") throw new Error(outcome.message);
      const versions = outcome.kind === "result" ? outcome.result.supportedVersions : undefined;
      return Array.isArray(versions) && versions.includes(MODERN_VERSION) ? "modern" : "legacy";
    });
    void protocol.catch(() => detected.delete(key));
    detected.set(key, protocol);
  }
  return protocol;
}

/**
 * A session with the upstream, ready for requests: the stateless revision when it speaks it, else
 * `initialize` (our newest session-based version), its `Mcp-Session-Id` when it assigns one, then
 * `notifications/initialized`.
 */
export async function openUpstreamSession(
  env: Env,
  upstream: McpUpstream,
): Promise<{ ok: true; session: UpstreamSession; instructions: string | undefined } | { ok: false; message: string }> {
  let protocol: "modern" | "legacy";
  try {
    protocol = await detectProtocol(env, upstream);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : "the server could not be reached" };
  }
  if (protocol === "modern") {
    return { ok: true, session: { protocol, version: MODERN_VERSION, sessionId: null }, instructions: undefined };
  }
  const pending: UpstreamSession = { protocol, version: LEGACY_PROTOCOL_VERSIONS[0], sessionId: null };
  const initialized = await sendUpstream(env, upstream, pending, "initialize", {
    protocolVersion: LEGACY_PROTOCOL_VERSIONS[0],
    capabilities: {},
    clientInfo: CLIENT_INFO,
  });
  if (initialized.kind !== "result") {
    const message = initialized.kind === "error" ? initialized.error.message : "session_expired";
    return { ok: false, message: `initialize failed: ${"message" in initialized ? initialized.message : message}` };
  }
  const version = initialized.result.protocolVersion;
  if (typeof version !== "string" || !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    return { ok: false, message: `the server speaks protocol version ${String(version)}, which the gateway does not` };
  }
  const sessionId = initialized.sessionId ?? null;
  if (sessionId !== null && !new RegExp(`^[\\x21-\\x7e]{1,${MAX_UPSTREAM_SESSION_ID_CHARS}}$`).test(sessionId)) {
    return {
      ok: false,
      message: "its session id is not one the gateway can carry (visible ASCII, at most 159 characters)",
    };
  }
  const session: UpstreamSession = { protocol, version, sessionId };
  await sendUpstream(env, upstream, session, "notifications/initialized", {}, false);
  const instructions = initialized.result.instructions;
  return { ok: true, session, instructions: typeof instructions === "string" ? instructions : undefined };
}

/** Ends an upstream session (DELETE with its id); servers that do not allow it answer 405, which is fine. */
export async function closeUpstreamSession(env: Env, upstream: McpUpstream, session: UpstreamSession): Promise<void> {
  if (session.sessionId === null) return;
  try {
    const response = await outboundFetch(env)(upstream.url, {
      method: "DELETE",
      headers: requestHeaders(upstream, session, "", {}),
      signal: AbortSignal.timeout(upstream.timeoutMs),
    });
    await response.body?.cancel();
  } catch {
    // The upstream forgets idle sessions on its own.
  }
}
