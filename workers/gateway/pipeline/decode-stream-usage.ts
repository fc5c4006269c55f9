import type { OutboundFormatAdapter } from "../../core/formats/format-registry.ts";
import type { IrStreamPart } from "../../core/ir/stream-part.ts";
import type { Usage } from "../../core/ir/usage.ts";
import { formatSseEvent, type SseEvent } from "../../core/sse/sse-event.ts";

const encoder = new TextEncoder();

/**
 * Usage from the few events a fast-path tap kept, read by the format's own
 * stream decoder so each format's usage rules live in one place. The decoder's
 * Transformer is called directly: its work is synchronous, and a stream built
 * around two or three events cost more than the decoding.
 */
export async function decodeStreamUsage(
  adapter: OutboundFormatAdapter,
  events: SseEvent[],
): Promise<Usage | undefined> {
  if (events.length === 0) return undefined;
  let usage: Usage | undefined;
  const collect: TransformStreamDefaultController<IrStreamPart> = {
    desiredSize: 1,
    enqueue: (part) => {
      if (part !== undefined && (part.type === "usage" || part.type === "finish")) usage = part.usage;
    },
    error: (reason) => {
      throw reason;
    },
    terminate: () => undefined,
  };
  const decoder = adapter.streamDecoder();
  await decoder.transform?.(encoder.encode(events.map(formatSseEvent).join("")), collect);
  await decoder.flush?.(collect);
  return usage;
}
