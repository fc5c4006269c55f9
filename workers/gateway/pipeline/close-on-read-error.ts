/**
 * The upstream body, except that a failed read (connection reset mid-stream)
 * ends it cleanly instead of erroring the whole pipe. The stages after it —
 * the fast-path tap, or decoder → meter → encoder — then see an early end and
 * close the client's stream in its own format, and the request is metered as
 * an upstream failure rather than a client disconnect.
 */
export function closeOnReadError(
  body: ReadableStream<Uint8Array>,
  onReadError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        onReadError(error);
        controller.close();
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
