import type { IrStreamPart } from "../ir/stream-part.ts";
import { SseDecoder } from "./sse-decoder.ts";
import type { SseEvent } from "./sse-event.ts";

export type EmitStreamPart = (part: IrStreamPart) => void;

/** A format's per-stream decoding state: fed whole SSE events, told when the bytes end. */
export interface SseStreamDecodingState {
  handleEvent(event: SseEvent, emit: EmitStreamPart): void;
  end(emit: EmitStreamPart): void;
}

/** Upstream SSE bytes → IR stream parts: frames events incrementally and hands each to the format's state. */
export function sseDecodingTransformer(state: SseStreamDecodingState): Transformer<Uint8Array, IrStreamPart> {
  const sse = new SseDecoder();
  return {
    transform(chunk, controller) {
      const emit: EmitStreamPart = (part) => controller.enqueue(part);
      for (const event of sse.push(chunk)) state.handleEvent(event, emit);
    },
    flush(controller) {
      const emit: EmitStreamPart = (part) => controller.enqueue(part);
      for (const event of sse.end()) state.handleEvent(event, emit);
      state.end(emit);
    },
  };
}

/** The same, as a stream of its own. */
export function createSseDecodingStream(state: SseStreamDecodingState): TransformStream<Uint8Array, IrStreamPart> {
  return new TransformStream(sseDecodingTransformer(state));
}
