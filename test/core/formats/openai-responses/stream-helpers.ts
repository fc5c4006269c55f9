import { SseDecoder } from "../../../../workers/core/sse/sse-decoder.ts";

export async function readAll<T>(stream: ReadableStream<T>): Promise<T[]> {
  const reader = stream.getReader();
  const items: T[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return items;
    items.push(value);
  }
}

export function streamOf<T>(items: T[]): ReadableStream<T> {
  return new ReadableStream<T>({
    start(controller) {
      for (const item of items) controller.enqueue(item);
      controller.close();
    },
  });
}

export interface WrittenEvent {
  event: string | undefined;
  data: Record<string, unknown>;
}

/** Encoder output bytes → the SSE events written, with their data parsed. */
export function parseWrittenEvents(chunks: Uint8Array[]): WrittenEvent[] {
  const decoder = new SseDecoder();
  const events = [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
  return events.map((event) => ({ event: event.event, data: JSON.parse(event.data) as Record<string, unknown> }));
}
