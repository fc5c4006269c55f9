import type { OutboundFormatAdapter } from "../../core/formats/format-registry.ts";
import type { Usage } from "../../core/ir/usage.ts";
import { formatSseEvent, type SseEvent } from "../../core/sse/sse-event.ts";

/**
 * Usage from the few events a fast-path tap kept, read by the format's own
 * stream decoder so each format's usage rules live in one place.
 */
export async function decodeStreamUsage(
  adapter: OutboundFormatAdapter,
  events: SseEvent[],
): Promise<Usage | undefined> {
  if (events.length === 0) return undefined;
  const body = new Response(events.map(formatSseEvent).join("")).body;
  if (body === null) return undefined;
  let usage: Usage | undefined;
  for await (const part of body.pipeThrough(adapter.createStreamDecoder())) {
    if (part.type === "usage" || part.type === "finish") usage = part.usage;
  }
  return usage;
}
