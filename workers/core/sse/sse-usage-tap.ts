import { concatBytes, lastEventBoundary } from "./last-event-boundary.ts";
import { SseDecoder } from "./sse-decoder.ts";
import { formatSseEvent, type SseEvent } from "./sse-event.ts";

const textEncoder = new TextEncoder();

export interface SseTapResult {
  /** The latest event of each usage slot, in arrival order, to be decoded by the format. */
  usageEvents: SseEvent[];
  /** The stream ended with the format's terminal event (`[DONE]`, `message_stop`, `response.completed`…). */
  complete: boolean;
  /** The last whole event seen (Responses closings continue its sequence numbers). */
  lastEvent: SseEvent | undefined;
}

export interface SseUsageTapOptions {
  /**
   * The slot of an event that carries usage, else undefined. Only the latest
   * event per slot is kept, so memory stays constant; they are decoded once, at the end.
   */
  usageSlot(event: SseEvent): string | undefined;
  isTerminal(event: SseEvent): boolean;
  /**
   * Events to hide from the client (the usage-only Chat chunk the gateway
   * asked for on the client's behalf). Without it the tap forwards the
   * upstream's bytes exactly as they arrived.
   */
  withhold?(event: SseEvent): boolean;
  onFirstEvent(): void;
  /**
   * Bytes to send after the upstream's when the stream ended without its
   * terminal event: the format's error close, so the client never hangs or
   * parses half an event.
   */
  closingWhenIncomplete(result: SseTapResult): Uint8Array;
  onEnd(result: SseTapResult): void;
  /** The client went away mid-stream: settle for what was produced. */
  onCancel(result: SseTapResult): void;
  /**
   * Budget metering: sees each chunk's events once they were passed on. A
   * returned promise holds the stream until it settles; if it resolves to
   * bytes, they are sent as the closing and the stream ends there (`onCut`).
   */
  afterEvents?(events: SseEvent[]): Promise<Uint8Array | undefined> | undefined;
  onCut?(result: SseTapResult): void;
}

/**
 * The same-format fast path's only look at a stream: the upstream's bytes go
 * to the client unchanged, cut at event boundaries (a partial event waits for
 * its end), while a copy is decoded just enough to find usage and the end of
 * the stream. Never buffers more than the current event.
 */
export function sseUsageTapTransformer(options: SseUsageTapOptions): Transformer<Uint8Array, Uint8Array> {
  const decoder = new SseDecoder();
  const usageEvents = new Map<string, SseEvent>();
  let complete = false;
  let lastEvent: SseEvent | undefined;
  let sawFirst = false;
  let settled = false;
  const withhold = options.withhold;
  let carry: Uint8Array = new Uint8Array(0);

  const inspect = (events: SseEvent[], controller: TransformStreamDefaultController<Uint8Array>): SseEvent[] => {
    // Re-framed events of a chunk go out as one chunk: one enqueue (and one write) rather than one per event.
    let passed = "";
    for (const event of events) {
      if (!sawFirst) {
        sawFirst = true;
        options.onFirstEvent();
      }
      lastEvent = event;
      if (options.isTerminal(event)) complete = true;
      const slot = options.usageSlot(event);
      if (slot !== undefined) usageEvents.set(slot, event);
      if (withhold !== undefined && !withhold(event)) passed += formatSseEvent(event);
    }
    if (passed !== "") controller.enqueue(textEncoder.encode(passed));
    return events;
  };
  const result = (): SseTapResult => ({ usageEvents: [...usageEvents.values()], complete, lastEvent });

  return {
    transform(chunk, controller) {
      if (withhold === undefined) {
        const pending = concatBytes(carry, chunk);
        const boundary = lastEventBoundary(pending);
        if (boundary > 0) controller.enqueue(pending.subarray(0, boundary));
        carry = pending.slice(boundary);
      }
      const events = inspect(decoder.push(chunk), controller);
      const gate = complete ? undefined : options.afterEvents?.(events);
      if (gate === undefined) return;
      return gate.then((closing) => {
        if (closing === undefined || settled) return;
        controller.enqueue(closing);
        settled = true;
        options.onCut?.(result());
        // Ends the client's stream and cancels the upstream's: nothing more is produced or billed.
        controller.terminate();
      });
    },
    flush(controller) {
      inspect(decoder.end(), controller);
      // A complete stream may end its last event without the blank line; pass that tail through as is.
      if (withhold === undefined && carry.length > 0 && complete) controller.enqueue(carry);
      if (!complete) controller.enqueue(options.closingWhenIncomplete(result()));
      settled = true;
      options.onEnd(result());
    },
    cancel() {
      if (settled) return;
      settled = true;
      options.onCancel(result());
    },
  };
}

/** The tap as a stream of its own. */
export function createSseUsageTap(options: SseUsageTapOptions): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream(sseUsageTapTransformer(options));
}
