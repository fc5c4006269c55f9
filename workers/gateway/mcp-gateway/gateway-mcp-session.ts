import { sha256Hex } from "../../core/auth/hash-key.ts";
import { isModernVersion, SUPPORTED_PROTOCOL_VERSIONS } from "../mcp/mcp-protocol.ts";
import type { UpstreamSession } from "./mcp-upstream-client.ts";

const PREFIX = "sy1";
/** Session ids are at most 200 visible ASCII characters (serve-legacy-request.ts); ours leave 159 for the upstream's. */
export const MAX_UPSTREAM_SESSION_ID_CHARS = 159;

/**
 * A session-based client's session with the gateway, carried in its own `Mcp-Session-Id`:
 * `sy1.<tag>.<nonce>.<client version><upstream version>.<upstream session id>`, versions as one digit
 * each (their index in SUPPORTED_PROTOCOL_VERSIONS). It maps 1:1 to the upstream session, so the gateway
 * keeps no session state; when the upstream forgets its session, the client gets the 404 that makes it
 * initialize again. `tag` binds the id to the agent and server. It holds nothing an agent could use:
 * an upstream session id is worthless without the credentials the gateway holds, and every call is
 * judged by the caller's own policy.
 */
export interface GatewayMcpSession {
  clientVersion: string;
  upstream: UpstreamSession;
  /** Stable for the session's life: names its trace when the client sends no session header. */
  nonce: string;
}

async function tagOf(agentId: string, server: string): Promise<string> {
  return (await sha256Hex(`${agentId}\n${server}`)).slice(0, 16);
}

function versionAt(digit: string | undefined): string | undefined {
  return digit === undefined || !/^\d$/.test(digit) ? undefined : SUPPORTED_PROTOCOL_VERSIONS[Number(digit)];
}

export async function encodeGatewayMcpSession(
  agentId: string,
  server: string,
  clientVersion: string,
  upstream: UpstreamSession,
): Promise<{ id: string; session: GatewayMcpSession }> {
  const nonce = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
  const versions = `${SUPPORTED_PROTOCOL_VERSIONS.indexOf(clientVersion)}${SUPPORTED_PROTOCOL_VERSIONS.indexOf(upstream.version)}`;
  const id = [PREFIX, await tagOf(agentId, server), nonce, versions, upstream.sessionId ?? ""].join(".");
  return { id, session: { clientVersion, upstream, nonce } };
}

/** The session an id names, or undefined when it is not one of ours for this agent and server. */
export async function decodeGatewayMcpSession(
  id: string,
  agentId: string,
  server: string,
): Promise<GatewayMcpSession | undefined> {
  const [prefix, tag, nonce, versions, ...rest] = id.split(".");
  if (prefix !== PREFIX || nonce === undefined || !/^[0-9a-f]{16}$/.test(nonce) || versions?.length !== 2)
    return undefined;
  const clientVersion = versionAt(versions[0]);
  const upstreamVersion = versionAt(versions[1]);
  if (clientVersion === undefined || upstreamVersion === undefined) return undefined;
  if (tag !== (await tagOf(agentId, server))) return undefined;
  const upstreamSessionId = rest.join(".");
  return {
    clientVersion,
    upstream: {
      protocol: isModernVersion(upstreamVersion) ? "modern" : "legacy",
      version: upstreamVersion,
      sessionId: upstreamSessionId === "" ? null : upstreamSessionId,
    },
    nonce,
  };
}
