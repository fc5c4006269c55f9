import { encodeAwsEventStreamMessage } from "../../../../workers/core/providers/aws/aws-event-stream-encoder.ts";
import type { AwsEventStreamHeaderValue } from "../../../../workers/core/providers/aws/aws-event-stream-message.ts";

/** A fixture event as written in JSON: string headers and a JSON payload. */
export interface EventStreamFixtureEvent {
  /** Undefined values are left out (JSON imports type absent keys of sibling events that way). */
  headers: Readonly<Record<string, AwsEventStreamHeaderValue | undefined>>;
  payload: unknown;
}

function definedHeaders(headers: EventStreamFixtureEvent["headers"]): Record<string, AwsEventStreamHeaderValue> {
  const out: Record<string, AwsEventStreamHeaderValue> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = value;
  return out;
}

/** JSON event list → the `application/vnd.amazon.eventstream` bytes Bedrock would send. */
export function encodeEventStreamFixture(events: readonly EventStreamFixtureEvent[]): Uint8Array {
  const frames = events.map((event) =>
    encodeAwsEventStreamMessage({
      headers: definedHeaders(event.headers),
      payload: new TextEncoder().encode(JSON.stringify(event.payload)),
    }),
  );
  const out = new Uint8Array(frames.reduce((sum, frame) => sum + frame.length, 0));
  let offset = 0;
  for (const frame of frames) {
    out.set(frame, offset);
    offset += frame.length;
  }
  return out;
}

/** Bytes split into chunks at the given sizes (cycled), to exercise awkward boundaries. */
export function chunkedBytes(bytes: Uint8Array, chunkSizes: number[]): ReadableStream<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  let index = 0;
  while (offset < bytes.length) {
    const size = chunkSizes[index % chunkSizes.length] ?? bytes.length;
    chunks.push(bytes.slice(offset, offset + size));
    offset += size;
    index++;
  }
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}

export async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}
