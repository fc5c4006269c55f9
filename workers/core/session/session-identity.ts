/**
 * The session a request belongs to, as each client sends it (../shared/CLIENTS.md):
 *   Claude Code  `x-claude-code-session-id`, and `metadata.user_id` (a JSON string holding `session_id`)
 *   Codex        `x-codex-turn-metadata` (JSON with `session_id`), `client_metadata.session_id`, `prompt_cache_key`
 *   OpenCode     `x-session-id` (also the generic header for custom agents)
 * Headers win over the body: they are cheaper to read and explicit.
 */
export type SessionIdSource =
  | "x-claude-code-session-id"
  | "x-session-id"
  | "x-codex-turn-metadata"
  | "metadata.user_id"
  | "client_metadata.session_id"
  | "prompt_cache_key";

export interface SessionIdentity {
  sessionId: string;
  source: SessionIdSource;
}

/** Bounded so a hostile value cannot mint unbounded Durable Object names. */
const MAX_SESSION_ID_LENGTH = 200;

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

function fromHeaders(headers: Headers): SessionIdentity | undefined {
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

export function resolveSessionIdentity(headers: Headers, body: Record<string, unknown>): SessionIdentity | undefined {
  return fromHeaders(headers) ?? fromBody(body);
}
