/**
 * The upstream body through a Transformer as one pull-driven stream: what `closeOnReadError(body)
 * .pipeThrough(new TransformStream(transformer))` did with two streams and a pipe between them. The
 * bench profile had constructing those streams, and the promises between them per chunk, among the
 * largest costs of a streamed response.
 *
 * Same behaviour: the upstream is read only when the client reads (nothing is read ahead); a failed
 * read ends the stream cleanly after `onReadError` (the transformer's flush then writes the format's
 * closing, as at a normal end); `terminate()` from the transformer ends the client's stream and
 * cancels the upstream; a client that leaves reaches the transformer's `cancel` and the upstream.
 */
export function transformUpstreamBody<Out>(
  body: ReadableStream<Uint8Array>,
  transformer: Transformer<Uint8Array, Out>,
  onReadError: (error: unknown) => void,
): ReadableStream<Out> {
  const reader = body.getReader();
  let ended = false;
  let enqueued = 0;
  let stage: TransformStreamDefaultController<Out> | undefined;
  const stageOf = (controller: ReadableStreamDefaultController<Out>): TransformStreamDefaultController<Out> => {
    stage ??= {
      get desiredSize() {
        return controller.desiredSize;
      },
      enqueue: (chunk) => {
        if (ended) return;
        enqueued += 1;
        controller.enqueue(chunk as Out);
      },
      error: (reason) => {
        ended = true;
        controller.error(reason);
        reader.cancel(reason).catch(() => undefined);
      },
      terminate: () => {
        if (ended) return;
        ended = true;
        controller.close();
        reader.cancel().catch(() => undefined);
      },
    };
    return stage;
  };
  const finish = async (controller: ReadableStreamDefaultController<Out>) => {
    await transformer.flush?.(stageOf(controller));
    if (ended) return;
    ended = true;
    controller.close();
  };

  return new ReadableStream<Out>(
    {
      async pull(controller) {
        // Reads until something reached the client (or the end): a chunk holding only part of an event
        // yields nothing, and a pull that enqueues nothing is not always followed by another.
        const before = enqueued;
        while (!ended && enqueued === before) {
          let read: ReadableStreamReadResult<Uint8Array>;
          try {
            read = await reader.read();
          } catch (error) {
            onReadError(error);
            await finish(controller);
            return;
          }
          if (read.done) {
            await finish(controller);
            return;
          }
          if (transformer.transform === undefined) {
            stageOf(controller).enqueue(read.value as Out);
            continue;
          }
          try {
            await transformer.transform(read.value, stageOf(controller));
          } catch (error) {
            // As a broken pipe would: the client's stream errors and the upstream is let go.
            ended = true;
            reader.cancel(error).catch(() => undefined);
            throw error;
          }
        }
      },
      async cancel(reason) {
        if (ended) return;
        ended = true;
        await Promise.all([transformer.cancel?.(reason), reader.cancel(reason)]);
      },
    },
    { highWaterMark: 0 },
  );
}
