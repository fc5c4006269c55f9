/**
 * A tool-call id for upstreams that omit one (several OpenAI-compatible
 * servers do). Clients echo it back with the result, and Anthropic requires
 * ids matching `^[a-zA-Z0-9_-]+$`, so it is plain alphanumerics.
 */
export function generateToolCallId(): string {
  return `call_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
}
