/**
 * Anthropic message ids start with `msg_`; SDKs and clients display and log
 * them, so an id from another provider (or the gateway's own) gets the prefix.
 */
export function toAnthropicMessageId(upstreamId: string | undefined, fallbackId: string): string {
  if (upstreamId?.startsWith("msg_")) return upstreamId;
  return fallbackId.startsWith("msg_") ? fallbackId : `msg_${fallbackId}`;
}
