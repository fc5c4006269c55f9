import type { IrStreamPart } from "../../../workers/core/ir/stream-part.ts";
import { SseDecoder } from "../../../workers/core/sse/sse-decoder.ts";

export async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}

export function irStream(parts: IrStreamPart[]): ReadableStream<IrStreamPart> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
}

/** The `data:` payloads of SSE bytes, in order. */
export function sseData(chunks: Uint8Array[]): string[] {
  const decoder = new SseDecoder();
  const events = chunks.flatMap((chunk) => decoder.push(chunk));
  events.push(...decoder.end());
  return events.map((event) => event.data);
}
