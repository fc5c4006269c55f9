/**
 * The session a request belongs to, as each client sends it (../shared/CLIENTS.md):
 *   any client   `x-switchyard-session: <id>` (ours; `new` asks the gateway to mint one, see below)
 *   Claude Code  `x-claude-code-session-id`, and `metadata.user_id` (a JSON string holding `session_id`)
 *   Codex        `x-codex-turn-metadata` (JSON with `session_id`), `client_metadata.session_id`, `prompt_cache_key`
 *   OpenCode     `x-session-id` (also the generic header for custom agents)
 * Headers win over the body: they are cheaper to read and explicit.
 *
 * When none of these is sent, the gateway (workers/gateway/session/resolve-request-session.ts) still
 * joins a Responses request to the session of its `previous_response_id`, and mints a `sess_…` id only
 * when asked with `x-switchyard-session: new`. Minting for every stateless request would make one
 * Durable Object and one index row per call of plain chat traffic. LiteLLM and Portkey users who group
 * calls already send an id with each of them (`litellm_session_id`, `x-portkey-trace-id`); here that is
 * `x-session-id` or `x-switchyard-session`, and `new` covers "start one for me, tell me its id".
 * Whatever the source, the id is echoed as `x-switchyard-session-id`.
 */
export type SessionIdSource =
  | "x-switchyard-session"
  | "x-claude-code-session-id"
  | "x-session-id"
  | "x-codex-turn-metadata"
  | "metadata.user_id"
  | "client_metadata.session_id"
  | "prompt_cache_key"
  | "previous_response_id"
  | "minted";

export interface SessionIdentity {
  sessionId: string;
  source: SessionIdSource;
}

/** Bounded so a hostile value cannot mint unbounded Durable Object names. */
export const MAX_SESSION_ID_LENGTH = 200;

function clean(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" || trimmed.length > MAX_SESSION_ID_LENGTH ? undefined : trimmed;
}

function sessionIdInJson(text: string | null | undefined): string | undefined {
  if (typeof text !== "string" || !text.startsWith("{") || !text.includes("session_id")) return undefined;
  try {
    const parsed = JSON.parse(text) as { session_id?: unknown };
    return clean(parsed.session_id);
  } catch {
    return undefined;
  }
}

/** The value of `x-switchyard-session` that asks for a freshly minted session. */
export const NEW_SESSION_HEADER_VALUE = "new";

function fromHeaders(headers: Headers): SessionIdentity | undefined {
  const own = clean(headers.get("x-switchyard-session"));
  if (own !== undefined && own.toLowerCase() !== NEW_SESSION_HEADER_VALUE)
    return { sessionId: own, source: "x-switchyard-session" };
  const claudeCode = clean(headers.get("x-claude-code-session-id"));
  if (claudeCode !== undefined) return { sessionId: claudeCode, source: "x-claude-code-session-id" };
  const generic = clean(headers.get("x-session-id"));
  if (generic !== undefined) return { sessionId: generic, source: "x-session-id" };
  const codex = sessionIdInJson(headers.get("x-codex-turn-metadata"));
  if (codex !== undefined) return { sessionId: codex, source: "x-codex-turn-metadata" };
  return undefined;
}

function fromBody(body: Record<string, unknown>): SessionIdentity | undefined {
  const metadata = body.metadata as { user_id?: unknown } | null | undefined;
  const anthropic = sessionIdInJson(typeof metadata?.user_id === "string" ? metadata.user_id : undefined);
  if (anthropic !== undefined) return { sessionId: anthropic, source: "metadata.user_id" };
  const clientMetadata = body.client_metadata as { session_id?: unknown } | null | undefined;
  const codex = clean(clientMetadata?.session_id);
  if (codex !== undefined) return { sessionId: codex, source: "client_metadata.session_id" };
  const cacheKey = clean(body.prompt_cache_key);
  if (cacheKey !== undefined) return { sessionId: cacheKey, source: "prompt_cache_key" };
  return undefined;
}

/** The session the client named, in headers or body; undefined when it named none. */
export function resolveSessionIdentity(headers: Headers, body: Record<string, unknown>): SessionIdentity | undefined {
  return fromHeaders(headers) ?? fromBody(body);
}

/** Responses' `previous_response_id`, which chains a request to an earlier answer. */
export function previousResponseIdOf(body: Record<string, unknown>): string | undefined {
  return clean(body.previous_response_id);
}

export function wantsNewSession(headers: Headers): boolean {
  return headers.get("x-switchyard-session")?.trim().toLowerCase() === NEW_SESSION_HEADER_VALUE;
}

/** `sess_` and 24 random hex digits. */
export function mintSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `sess_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}
