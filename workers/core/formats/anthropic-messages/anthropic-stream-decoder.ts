import type { IrStreamPart } from "../../ir/stream-part.ts";
import { SseDecoder } from "../../sse/sse-decoder.ts";
import type { SseEvent } from "../../sse/sse-event.ts";
import {
  type AnthropicResponseBlock,
  type AnthropicStreamEvent,
  type AnthropicUsage,
  anthropicStreamEventSchema,
} from "./anthropic-messages-api.ts";
import { convertAnthropicUsage, mergeAnthropicUsage } from "./convert-anthropic-usage.ts";
import { mapAnthropicStopReason } from "./map-anthropic-stop-reason.ts";

type BlockKind = "text" | "reasoning" | "tool-call" | "ignored";

const KNOWN_EVENTS = new Set<string>(anthropicStreamEventSchema.options.map((option) => option.shape.type.value));

/**
 * Anthropic SSE (https://docs.anthropic.com/en/docs/build-with-claude/streaming)
 * → IR stream parts, one event at a time. Block indexes are Anthropic's own.
 * The stream always ends with `finish`: after `message_stop`, after an `error`
 * event (preceded by the IR `error`), or when the upstream stops early.
 */
export class AnthropicStreamDecoder {
  private readonly openBlocks = new Map<number, BlockKind>();
  private usage: AnthropicUsage = {};
  private stopReason: string | undefined;
  private stopSequence: string | undefined;
  private sawMessageDelta = false;
  private finished = false;

  handle(event: SseEvent): IrStreamPart[] {
    if (this.finished) return [];
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return this.fail("upstream_error", "The upstream provider sent a malformed stream event.");
    }
    const type = typeof data === "object" && data !== null && "type" in data ? data.type : undefined;
    // Event types added after this was written (the docs say to expect them) are skipped.
    if (typeof type !== "string" || !KNOWN_EVENTS.has(type)) return [];
    const parsed = anthropicStreamEventSchema.safeParse(data);
    if (!parsed.success) return this.fail("upstream_error", "The upstream provider sent a malformed stream event.");
    return this.handleEvent(parsed.data);
  }

  /** The upstream closed the connection. */
  end(): IrStreamPart[] {
    if (this.finished) return [];
    // message_delta carried the stop reason: only message_stop was lost, the answer is whole.
    if (this.sawMessageDelta) return [...this.closeOpenBlocks(), this.finish()];
    return this.fail("upstream_error", "The upstream stream ended before the message was complete.");
  }

  private handleEvent(event: AnthropicStreamEvent): IrStreamPart[] {
    switch (event.type) {
      case "message_start": {
        if (event.message.usage) this.usage = mergeAnthropicUsage(this.usage, event.message.usage);
        const start: IrStreamPart = {
          type: "response-start",
          id: event.message.id ?? "",
          model: event.message.model ?? "",
        };
        if (event.message.usage) start.usage = convertAnthropicUsage(this.usage);
        return [start];
      }
      case "content_block_start":
        return this.startBlock(event.index, event.content_block);
      case "content_block_delta":
        return this.delta(event.index, event.delta);
      case "content_block_stop":
        return this.stopBlock(event.index);
      case "message_delta":
        this.sawMessageDelta = true;
        if (event.delta?.stop_reason) this.stopReason = event.delta.stop_reason;
        if (event.delta?.stop_sequence) this.stopSequence = event.delta.stop_sequence;
        // output_tokens here is cumulative: it replaces, never adds to, the earlier count.
        if (event.usage) this.usage = mergeAnthropicUsage(this.usage, event.usage);
        return [];
      case "message_stop":
        return [...this.closeOpenBlocks(), this.finish()];
      case "ping":
        return [];
      case "error":
        return this.fail(event.error?.type ?? "api_error", event.error?.message ?? "The upstream provider failed.");
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  private startBlock(index: number, block: AnthropicResponseBlock): IrStreamPart[] {
    switch (block.type) {
      case "text": {
        this.openBlocks.set(index, "text");
        const parts: IrStreamPart[] = [{ type: "text-start", index }];
        if (block.text) parts.push({ type: "text-delta", index, delta: block.text });
        return parts;
      }
      case "thinking": {
        this.openBlocks.set(index, "reasoning");
        const parts: IrStreamPart[] = [{ type: "reasoning-start", index }];
        if (block.thinking) parts.push({ type: "reasoning-delta", index, delta: block.thinking });
        if (block.signature) parts.push({ type: "reasoning-signature", index, signature: block.signature });
        return parts;
      }
      case "redacted_thinking":
        this.openBlocks.set(index, "reasoning");
        return [
          { type: "reasoning-start", index },
          { type: "reasoning-redacted", index, data: block.data ?? "" },
        ];
      case "tool_use": {
        this.openBlocks.set(index, "tool-call");
        const parts: IrStreamPart[] = [{ type: "tool-call-start", index, id: block.id ?? "", name: block.name ?? "" }];
        // Input normally streams as input_json_delta from `{}`; a prefilled input is sent as one delta.
        const input = block.input;
        if (typeof input === "object" && input !== null && Object.keys(input).length > 0) {
          parts.push({ type: "tool-call-delta", index, argumentsDelta: JSON.stringify(input) });
        }
        return parts;
      }
      default:
        // Anthropic-run tools (server_tool_use, web_search_tool_result, …) have no IR form.
        this.openBlocks.set(index, "ignored");
        return [];
    }
  }

  private delta(
    index: number,
    delta: Extract<AnthropicStreamEvent, { type: "content_block_delta" }>["delta"],
  ): IrStreamPart[] {
    const kind = this.openBlocks.get(index);
    if (delta.type === "text_delta" && kind === "text" && delta.text) {
      return [{ type: "text-delta", index, delta: delta.text }];
    }
    if (delta.type === "thinking_delta" && kind === "reasoning" && delta.thinking) {
      return [{ type: "reasoning-delta", index, delta: delta.thinking }];
    }
    if (delta.type === "signature_delta" && kind === "reasoning" && delta.signature) {
      return [{ type: "reasoning-signature", index, signature: delta.signature }];
    }
    if (delta.type === "input_json_delta" && kind === "tool-call" && delta.partial_json) {
      return [{ type: "tool-call-delta", index, argumentsDelta: delta.partial_json }];
    }
    // citations_delta and deltas of ignored blocks carry nothing the IR holds.
    return [];
  }

  private stopBlock(index: number): IrStreamPart[] {
    const kind = this.openBlocks.get(index);
    this.openBlocks.delete(index);
    return kind === undefined ? [] : this.endPart(index, kind);
  }

  private endPart(index: number, kind: BlockKind): IrStreamPart[] {
    switch (kind) {
      case "text":
        return [{ type: "text-end", index }];
      case "reasoning":
        return [{ type: "reasoning-end", index }];
      case "tool-call":
        return [{ type: "tool-call-end", index }];
      case "ignored":
        return [];
      default: {
        const unreachable: never = kind;
        return unreachable;
      }
    }
  }

  private closeOpenBlocks(): IrStreamPart[] {
    const parts = [...this.openBlocks].flatMap(([index, kind]) => this.endPart(index, kind));
    this.openBlocks.clear();
    return parts;
  }

  private finish(): IrStreamPart {
    this.finished = true;
    const part: IrStreamPart = {
      type: "finish",
      finishReason: mapAnthropicStopReason(this.stopReason),
      usage: convertAnthropicUsage(this.usage),
    };
    if (this.stopReason !== undefined) part.rawFinishReason = this.stopReason;
    if (this.stopSequence !== undefined) part.stopSequence = this.stopSequence;
    return part;
  }

  /** In-band failure: open blocks are closed, then `error` and a `finish` with reason "error". */
  private fail(code: string, message: string): IrStreamPart[] {
    const parts = [...this.closeOpenBlocks(), { type: "error" as const, code, message }];
    this.finished = true;
    return [...parts, { type: "finish", finishReason: "error", usage: convertAnthropicUsage(this.usage) }];
  }
}

/** Upstream bytes → IR parts, incrementally: events are handled as soon as their last byte arrives. */
export function anthropicStreamDecoderTransformer(): Transformer<Uint8Array, IrStreamPart> {
  const sse = new SseDecoder();
  const decoder = new AnthropicStreamDecoder();
  return {
    transform(chunk, controller) {
      for (const event of sse.push(chunk)) for (const part of decoder.handle(event)) controller.enqueue(part);
    },
    flush(controller) {
      for (const event of sse.end()) for (const part of decoder.handle(event)) controller.enqueue(part);
      for (const part of decoder.end()) controller.enqueue(part);
    },
  };
}

/** Anthropic SSE bytes → IR parts, as a stream of its own. */
export function createAnthropicStreamDecoder(): TransformStream<Uint8Array, IrStreamPart> {
  return new TransformStream(anthropicStreamDecoderTransformer());
}
