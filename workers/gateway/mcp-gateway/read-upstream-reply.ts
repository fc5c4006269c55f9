import { z } from "zod";
import { SseDecoder } from "../../core/sse/sse-decoder.ts";

/** A JSON-RPC response as an upstream sends it; lenient, as upstream schemas are here. */
const upstreamResponseSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).nullish(),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.looseObject({ code: z.number(), message: z.string(), data: z.unknown().optional() }).optional(),
});

export type UpstreamReply =
  | { kind: "result"; result: Record<string, unknown> }
  | { kind: "error"; error: { code: number; message: string; data?: unknown } }
  | { kind: "invalid"; message: string };

function replyOf(json: unknown, id: string): UpstreamReply | undefined {
  const parsed = upstreamResponseSchema.safeParse(json);
  if (!parsed.success || String(parsed.data.id) !== id) return undefined;
  if (parsed.data.error !== undefined) return { kind: "error", error: parsed.data.error };
  if (parsed.data.result !== undefined) return { kind: "result", result: parsed.data.result };
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The response to request `id` in an upstream's answer: a JSON body, or — Streamable HTTP lets a server
 * answer a POST with an SSE stream carrying notifications and its own requests first — the first SSE
 * event that is that response. At most `maxBytes` are read; the stream is cancelled once the answer is in.
 */
export async function readUpstreamReply(response: Response, id: string, maxBytes: number): Promise<UpstreamReply> {
  const body = response.body;
  if (body === null) return { kind: "invalid", message: "the upstream answered with an empty body" };
  const sse = (response.headers.get("content-type") ?? "").toLowerCase().includes("text/event-stream");
  const decoder = sse ? new SseDecoder() : undefined;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const events = decoder === undefined ? [] : done ? decoder.end() : decoder.push(value);
      for (const event of events) {
        const reply = replyOf(parseJson(event.data), id);
        if (reply !== undefined) return reply;
      }
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes)
        return { kind: "invalid", message: `the upstream's answer is larger than ${maxBytes} bytes` };
      if (decoder === undefined) chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  if (decoder !== undefined) return { kind: "invalid", message: "the upstream's event stream ended without an answer" };
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const reply = replyOf(parseJson(new TextDecoder().decode(bytes)), id);
  return reply ?? { kind: "invalid", message: "the upstream's answer is not a JSON-RPC response to the request" };
}
