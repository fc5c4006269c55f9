import type { IrStreamPart } from "../../ir/stream-part.ts";
import { emptyUsage, type Usage } from "../../ir/usage.ts";
import { encodeSseEvent, type SseEvent } from "../../sse/sse-event.ts";
import type { EncodeContext } from "../format-adapter.ts";
import { anthropicErrorType } from "./anthropic-error.ts";
import { toAnthropicMessageId } from "./anthropic-message-id.ts";
import { toAnthropicUsage } from "./convert-anthropic-usage.ts";
import { toAnthropicStopReason } from "./map-anthropic-stop-reason.ts";

type BlockPart = Extract<IrStreamPart, { index: number }>;
/** "reasoning" until its first content says whether it is a thinking or a redacted_thinking block. */
type LiveKind = "text" | "reasoning" | "thinking" | "redacted_thinking" | "tool_use";

/**
 * IR stream → Anthropic SSE with the complete grammar clients need
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming; CLIENTS.md):
 * message_start (with usage), content_block_start/delta/stop per block,
 * message_delta (stop_reason and usage), message_stop — also when the stream
 * ends on an error or without a finish.
 *
 * Anthropic blocks are strictly sequential, with indexes from 0. IR blocks may
 * overlap (parallel tool calls from other providers), so a block that starts
 * while another is streaming waits, its parts queued, until that one ends.
 */
export class AnthropicStreamEncoder {
  private readonly context: EncodeContext;
  private started = false;
  private finished = false;
  private usage: Usage = emptyUsage();
  private nextIndex = 0;
  /** The IR block being streamed, its Anthropic index once its content_block_start was sent. */
  private active: { irIndex: number; kind: LiveKind; index?: number } | undefined;
  private readonly waiting = new Map<number, BlockPart[]>();

  constructor(context: EncodeContext) {
    this.context = context;
  }

  handle(part: IrStreamPart): SseEvent[] {
    if (this.finished) return [];
    const events: SseEvent[] = [];
    if (part.type === "response-start") {
      if (part.usage !== undefined) this.usage = part.usage;
      this.ensureStarted(events, part.id);
      return events;
    }
    this.ensureStarted(events);
    switch (part.type) {
      case "usage":
        this.usage = part.usage;
        break;
      case "error":
        this.drainBlocks(events);
        events.push(
          event("error", { type: "error", error: { type: anthropicErrorType(part.code), message: part.message } }),
        );
        break;
      case "finish":
        this.usage = part.usage;
        this.drainBlocks(events);
        this.close(
          events,
          toAnthropicStopReason(part.finishReason, part.rawFinishReason, part.stopSequence),
          part.stopSequence,
        );
        break;
      default:
        this.route(part, events);
    }
    return events;
  }

  /** The IR stream ended without a finish (it should not): the client still gets a closed message. */
  end(): SseEvent[] {
    if (this.finished) return [];
    const events: SseEvent[] = [];
    this.ensureStarted(events);
    this.drainBlocks(events);
    this.close(events, "end_turn", undefined);
    return events;
  }

  private ensureStarted(events: SseEvent[], upstreamId?: string): void {
    if (this.started) return;
    this.started = true;
    events.push(
      event("message_start", {
        type: "message_start",
        message: {
          id: toAnthropicMessageId(upstreamId, this.context.responseId),
          type: "message",
          role: "assistant",
          model: this.context.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: toAnthropicUsage(this.usage),
        },
      }),
    );
  }

  private close(events: SseEvent[], stopReason: string, stopSequence: string | undefined): void {
    this.finished = true;
    events.push(
      event("message_delta", {
        type: "message_delta",
        delta: { stop_reason: stopReason, stop_sequence: stopSequence ?? null },
        usage: toAnthropicUsage(this.usage),
      }),
      event("message_stop", { type: "message_stop" }),
    );
  }

  /** Live if it belongs to the streaming block (or none streams); queued behind it otherwise. */
  private route(part: BlockPart, events: SseEvent[]): void {
    const queued = this.waiting.get(part.index);
    if (queued !== undefined) {
      queued.push(part);
      return;
    }
    const isEnd = part.type === "text-end" || part.type === "reasoning-end" || part.type === "tool-call-end";
    if (this.active !== undefined && this.active.irIndex !== part.index) {
      // The end of a block that is neither streaming nor waiting was already handled.
      if (!isEnd) this.waiting.set(part.index, [part]);
      return;
    }
    this.live(part, events);
    this.promoteWaiting(events);
  }

  private promoteWaiting(events: SseEvent[]): void {
    while (this.active === undefined) {
      const next = this.waiting.entries().next();
      if (next.done) return;
      const [irIndex, parts] = next.value;
      this.waiting.delete(irIndex);
      for (const part of parts) this.live(part, events);
    }
  }

  /** Closes the streaming block and flushes every queued one, in the order they started. */
  private drainBlocks(events: SseEvent[]): void {
    for (;;) {
      this.stopActive(events);
      const next = this.waiting.entries().next();
      if (next.done) return;
      const [irIndex, parts] = next.value;
      this.waiting.delete(irIndex);
      for (const part of parts) this.live(part, events);
    }
  }

  private live(part: BlockPart, events: SseEvent[]): void {
    switch (part.type) {
      case "text-start":
        this.activate(part.index, "text");
        this.open(events, { type: "text", text: "" });
        return;
      case "text-delta":
        if (this.active?.irIndex !== part.index) this.implicitStart(part.index, "text", events);
        this.delta(events, { type: "text_delta", text: part.delta });
        return;
      case "reasoning-start":
        this.activate(part.index, "reasoning");
        return;
      case "reasoning-delta":
      case "reasoning-signature":
        if (this.active?.irIndex !== part.index) this.implicitStart(part.index, "reasoning", events);
        if (this.active?.kind === "reasoning")
          this.open(events, { type: "thinking", thinking: "", signature: "" }, "thinking");
        if (this.active?.kind !== "thinking") return;
        if (part.type === "reasoning-delta") this.delta(events, { type: "thinking_delta", thinking: part.delta });
        else this.delta(events, { type: "signature_delta", signature: part.signature });
        return;
      case "reasoning-redacted":
        if (this.active?.irIndex === part.index && this.active.kind === "reasoning") {
          this.open(events, { type: "redacted_thinking", data: part.data }, "redacted_thinking");
        }
        return;
      // OpenAI's encrypted reasoning has no Anthropic block: nothing to show, nothing to send back.
      case "reasoning-encrypted":
        return;
      case "tool-call-start":
        this.activate(part.index, "tool_use");
        this.open(events, { type: "tool_use", id: part.id, name: part.name, input: {} });
        return;
      case "tool-call-delta":
        if (this.active?.irIndex === part.index && part.argumentsDelta !== "") {
          this.delta(events, { type: "input_json_delta", partial_json: part.argumentsDelta });
        }
        return;
      case "text-end":
      case "reasoning-end":
      case "tool-call-end":
        if (this.active?.irIndex === part.index) this.stopActive(events);
        return;
      default: {
        const unreachable: never = part;
        throw new Error(`Unhandled IR stream part: ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private activate(irIndex: number, kind: LiveKind): void {
    this.active = { irIndex, kind };
  }

  /** A delta without its start (a producer bug): the block is opened rather than its content lost. */
  private implicitStart(irIndex: number, kind: "text" | "reasoning", events: SseEvent[]): void {
    this.stopActive(events);
    this.activate(irIndex, kind);
    if (kind === "text") this.open(events, { type: "text", text: "" });
  }

  private open(events: SseEvent[], contentBlock: Record<string, unknown>, kind?: LiveKind): void {
    if (this.active === undefined) return;
    if (kind !== undefined) this.active.kind = kind;
    this.active.index = this.nextIndex++;
    events.push(
      event("content_block_start", {
        type: "content_block_start",
        index: this.active.index,
        content_block: contentBlock,
      }),
    );
  }

  private delta(events: SseEvent[], delta: Record<string, unknown>): void {
    if (this.active?.index === undefined) return;
    events.push(event("content_block_delta", { type: "content_block_delta", index: this.active.index, delta }));
  }

  /** A reasoning block that never got content was never opened, so it needs no stop. */
  private stopActive(events: SseEvent[]): void {
    if (this.active?.index !== undefined) {
      events.push(event("content_block_stop", { type: "content_block_stop", index: this.active.index }));
    }
    this.active = undefined;
  }
}

function event(name: string, data: Record<string, unknown>): SseEvent {
  return { event: name, data: JSON.stringify(data) };
}

export function anthropicStreamEncoderTransformer(context: EncodeContext): Transformer<IrStreamPart, Uint8Array> {
  const encoder = new AnthropicStreamEncoder(context);
  return {
    transform(part, controller) {
      for (const sseEvent of encoder.handle(part)) controller.enqueue(encodeSseEvent(sseEvent));
    },
    flush(controller) {
      for (const sseEvent of encoder.end()) controller.enqueue(encodeSseEvent(sseEvent));
    },
  };
}

/** IR stream → Anthropic SSE bytes, as a stream of its own. */
export function createAnthropicStreamEncoder(context: EncodeContext): TransformStream<IrStreamPart, Uint8Array> {
  return new TransformStream(anthropicStreamEncoderTransformer(context));
}
