/**
 * The session a request belongs to, as clients send it: Claude Code's
 * `x-claude-code-session-id`, OpenCode's `x-session-id`, or a generic
 * `x-session-id` from custom agents. Body-level identities (Anthropic
 * `metadata.user_id`, Responses `previous_response_id`) are read by their formats.
 */
export function sessionIdFromHeaders(headers: Headers): string | undefined {
  const value = headers.get("x-claude-code-session-id") ?? headers.get("x-session-id");
  if (value === null) return undefined;
  const trimmed = value.trim();
  // Bounded so a hostile header cannot name an unbounded number of Durable Objects keys.
  return trimmed === "" || trimmed.length > 200 ? undefined : trimmed;
}
