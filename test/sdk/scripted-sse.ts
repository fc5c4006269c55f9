import { chunkedStream } from "../helpers/mock-upstream.ts";
import { AWKWARD_CHUNKS } from "./sdk-scenario.ts";

export interface WireSseEvent {
  /** The `event:` line; Anthropic and Responses send one, Chat Completions does not. */
  event?: string;
  data: unknown;
}

/** Serializes events the way the providers do: optional `event:` line, one `data:` line, blank line. */
export function encodeSse(events: WireSseEvent[]): string {
  return events
    .map(({ event, data }) => {
      const payload = typeof data === "string" ? data : JSON.stringify(data);
      return `${event === undefined ? "" : `event: ${event}\n`}data: ${payload}\n\n`;
    })
    .join("");
}

/** An upstream SSE response whose bytes arrive split at awkward boundaries. */
export function sseResponse(text: string): Response {
  return new Response(chunkedStream(text, AWKWARD_CHUNKS), {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" },
  });
}

export function jsonResponse(body: unknown): Response {
  return Response.json(body, { headers: { "content-type": "application/json" } });
}

/**
 * How a stream is cut mid-way: `close` ends the body cleanly where it stops
 * (a proxy that drops the connection politely), `error` makes the next read
 * fail (a reset connection).
 */
export type StreamCut = "close" | "error";

/** The given SSE text, then the cut: a body that never reaches its terminal event. */
export function cutSseResponse(text: string, cut: StreamCut): Response {
  const bytes = new TextEncoder().encode(text);
  let sent = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(bytes);
        return;
      }
      if (cut === "close") controller.close();
      else controller.error(new TypeError("Network connection lost."));
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream; charset=utf-8" } });
}
