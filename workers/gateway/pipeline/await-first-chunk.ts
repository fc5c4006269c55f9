import { raceWithSignals } from "./race-with-signals.ts";

export interface FirstChunkDeadlines {
  /** Aborts when the first chunk is late (`stream_timeout`); only the wait for it listens. */
  firstChunk: AbortSignal | undefined;
  /** Aborts when the whole call is out of time (`timeout`); bounds every read, to the end of the stream. */
  whole: AbortSignal | undefined;
}

/** Tagged, because each outcome becomes a different GatewayError in exchange-with-upstream.ts. */
export type FirstChunk =
  | { kind: "chunk"; body: ReadableStream<Uint8Array> }
  | { kind: "empty" }
  | { kind: "failed"; error: unknown };

type FirstRead = { kind: "chunk"; chunk: Uint8Array } | { kind: "empty" } | { kind: "failed"; error: unknown };

async function readFirst(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  deadlines: FirstChunkDeadlines,
): Promise<FirstRead> {
  try {
    for (;;) {
      const { done, value } = await raceWithSignals(reader.read(), [deadlines.firstChunk, deadlines.whole]);
      if (done) return { kind: "empty" };
      // An empty chunk carries nothing the client could see; keep waiting for a real one.
      if (value.byteLength > 0) return { kind: "chunk", chunk: value };
    }
  } catch (error) {
    return { kind: "failed", error };
  }
}

/**
 * Waits for a streaming upstream's first body chunk before the gateway
 * commits to it. Until the client has its status line, a failure can still be
 * retried or fall back; most stream failures happen right here (a reset just
 * after the headers, an upstream that accepts and then stalls, an empty body).
 * The client needed that chunk anyway before it could show anything.
 *
 * On success the returned body replays the first chunk and then passes the
 * rest through one chunk at a time, unbuffered; each later read is still
 * bounded by the whole-call deadline, whose expiry errors the body with the
 * signal's reason (close-on-read-error.ts then closes the client's stream in its format).
 */
export async function awaitFirstChunk(
  body: ReadableStream<Uint8Array>,
  deadlines: FirstChunkDeadlines,
): Promise<FirstChunk> {
  const reader = body.getReader();
  const first = await readFirst(reader, deadlines);
  if (first.kind !== "chunk") {
    if (first.kind === "failed") reader.cancel(first.error).catch(() => undefined);
    return first;
  }
  let pending: Uint8Array | undefined = first.chunk;
  const replayed = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (pending !== undefined) {
          controller.enqueue(pending);
          pending = undefined;
          return;
        }
        try {
          const { done, value } = await raceWithSignals(reader.read(), [deadlines.whole]);
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          reader.cancel(error).catch(() => undefined);
          controller.error(error);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    // Pull only when the consumer reads: nothing is read ahead of the client.
    { highWaterMark: 0 },
  );
  return { kind: "chunk", body: replayed };
}
