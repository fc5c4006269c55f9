type Step = void | Promise<void>;

function isPromise(value: unknown): value is Promise<void> {
  return typeof value === "object" && value !== null && "then" in value && typeof value.then === "function";
}

function joined(chunks: Uint8Array[]): Uint8Array {
  const [only] = chunks;
  if (chunks.length === 1 && only !== undefined) return only;
  let length = 0;
  for (const chunk of chunks) length += chunk.byteLength;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The bytes a stage produces for one input chunk, passed on as one chunk instead of one per SSE event.
 * Encoders write each event separately; a chunk of twenty events became twenty enqueues and twenty
 * writes to the client. Nothing is held back: what is produced is released as soon as the stage returns
 * (or, when it waits on a promise, before waiting and again when it is done), so the first token is as
 * early as before.
 */
export function coalesceByteChunks<In>(stage: Transformer<In, Uint8Array>): Transformer<In, Uint8Array> {
  let pending: Uint8Array[] = [];
  let target: TransformStreamDefaultController<Uint8Array> | undefined;
  const release = () => {
    if (pending.length === 0) return;
    const bytes = joined(pending);
    pending = [];
    target?.enqueue(bytes);
  };
  const collecting: TransformStreamDefaultController<Uint8Array> = {
    get desiredSize() {
      return target?.desiredSize ?? null;
    },
    enqueue: (chunk) => {
      if (chunk !== undefined) pending.push(chunk);
    },
    error: (reason) => {
      release();
      target?.error(reason);
    },
    terminate: () => {
      release();
      target?.terminate();
    },
  };
  const run = (controller: TransformStreamDefaultController<Uint8Array>, step: () => Step): Step => {
    target = controller;
    const result = step();
    release();
    return isPromise(result) ? result.then(release) : undefined;
  };
  return {
    transform: (chunk, controller) =>
      run(controller, () =>
        stage.transform === undefined
          ? collecting.enqueue(chunk as unknown as Uint8Array)
          : stage.transform(chunk, collecting),
      ),
    flush: (controller) => run(controller, () => stage.flush?.(collecting)),
    cancel: (reason) => stage.cancel?.(reason),
  };
}
