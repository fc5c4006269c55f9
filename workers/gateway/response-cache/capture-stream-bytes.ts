/**
 * Passes the client-bound bytes through unchanged while keeping a copy, and
 * hands the copy over only when the stream ended by itself (flush): a client
 * that goes away cancels it, and a stream that errors never flushes.
 *
 * Not `ReadableStream.tee()`: a tee'd branch keeps reading the upstream after
 * the client disconnects, which would change how a disconnect is settled
 * (499, charged for what was produced) and hold the upstream open for nothing.
 * Beyond `limitBytes` the copy is dropped, so a huge answer costs no memory.
 */
export function captureStreamBytes(
  limitBytes: number,
  onComplete: (bytes: Uint8Array) => void,
): TransformStream<Uint8Array, Uint8Array> {
  let chunks: Uint8Array[] | undefined = [];
  let size = 0;
  return new TransformStream({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      if (chunks === undefined) return;
      size += chunk.byteLength;
      if (size > limitBytes) chunks = undefined;
      // A copy: the chunk now belongs to the client's side of the stream.
      else chunks.push(chunk.slice());
    },
    flush() {
      if (chunks === undefined) return;
      const bytes = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
      onComplete(bytes);
    },
  });
}
