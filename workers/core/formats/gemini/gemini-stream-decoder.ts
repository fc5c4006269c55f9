import type { IrStreamPart } from "../../ir/stream-part.ts";
import { emptyUsage, type Usage } from "../../ir/usage.ts";
import {
  createSseDecodingStream,
  type EmitStreamPart,
  type SseStreamDecodingState,
  sseDecodingTransformer,
} from "../../sse/create-sse-decoding-stream.ts";
import type { SseEvent } from "../../sse/sse-event.ts";
import { convertGeminiUsage } from "./convert-gemini-usage.ts";
import { type GeminiResponse, type GeminiResponsePart, geminiResponseSchema } from "./gemini-api.ts";
import { GeminiToolCallIds } from "./gemini-tool-call-ids.ts";
import { mapGeminiFinishReason } from "./map-gemini-finish-reason.ts";

type Emit = EmitStreamPart;

/** Upstream bytes (streamGenerateContent?alt=sse) → IR stream parts, incrementally. */
export function createGeminiStreamDecoder(): TransformStream<Uint8Array, IrStreamPart> {
  return createSseDecodingStream(new GeminiStreamDecoderState());
}

/** The same as a Transformer, so stages can share one stream. */
export function geminiStreamDecoderTransformer(): Transformer<Uint8Array, IrStreamPart> {
  return sseDecodingTransformer(new GeminiStreamDecoderState());
}

/**
 * The decoding state of one Gemini stream. Every SSE event is a whole
 * GenerateContentResponse holding the next parts: text and thought text
 * arrive as deltas, a functionCall arrives complete in one part. Parts map as
 * in convertFromGeminiModelParts (a signature on a non-thought part becomes an
 * empty reasoning block just before it). `usageMetadata` is cumulative, so the
 * last one wins. Gemini has no end marker: `finish` is emitted when the bytes
 * end, and bytes that end without a finishReason, an error envelope, or an
 * unreadable event become `error` + `finish("error")`.
 */
export class GeminiStreamDecoderState implements SseStreamDecodingState {
  private started = false;
  private done = false;
  private nextBlockIndex = 0;
  private openBlock: { type: "text" | "reasoning"; index: number } | undefined;
  private ids: GeminiToolCallIds | undefined;
  private rawFinishReason: string | undefined;
  private promptBlocked = false;
  private sawToolCall = false;
  private usage: Usage | undefined;

  handleEvent(event: SseEvent, emit: Emit): void {
    if (this.done || event.data.trim() === "") return;
    const chunk = parseChunk(event.data);
    if (chunk === undefined) {
      this.fail(emit, "The upstream sent a stream event the gateway could not read.");
      return;
    }
    if (chunk.error != null) {
      this.fail(emit, "The upstream provider reported an error during the stream.");
      return;
    }
    this.start(emit, chunk.responseId ?? "", chunk.modelVersion ?? "");
    this.ids ??= new GeminiToolCallIds(chunk.responseId);
    if (chunk.usageMetadata != null) this.usage = convertGeminiUsage(chunk.usageMetadata);
    const blockReason = chunk.promptFeedback?.blockReason;
    if (blockReason != null) {
      this.rawFinishReason = blockReason;
      this.promptBlocked = true;
    }
    const candidate = chunk.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) this.handlePart(part, this.ids, emit);
    if (candidate?.finishReason != null) this.rawFinishReason = candidate.finishReason;
  }

  end(emit: Emit): void {
    if (this.done) return;
    if (this.rawFinishReason === undefined) {
      this.fail(emit, "The upstream stream ended before a finish reason.");
      return;
    }
    this.start(emit, "", "");
    this.closeOpenBlock(emit);
    this.done = true;
    emit({
      type: "finish",
      finishReason: this.promptBlocked
        ? "content-filter"
        : mapGeminiFinishReason(this.rawFinishReason, this.sawToolCall),
      rawFinishReason: this.rawFinishReason,
      usage: this.usage ?? emptyUsage(),
    });
  }

  private handlePart(part: GeminiResponsePart, ids: GeminiToolCallIds, emit: Emit): void {
    const signature = part.thoughtSignature ?? undefined;
    if (part.thought === true) {
      const text = part.text ?? "";
      if (text === "" && signature === undefined) return;
      const index = this.ensureBlock("reasoning", emit);
      if (text !== "") emit({ type: "reasoning-delta", index, delta: text });
      if (signature !== undefined) emit({ type: "reasoning-signature", index, signature });
      return;
    }
    if (signature !== undefined) {
      this.closeOpenBlock(emit);
      const index = this.nextBlockIndex++;
      emit({ type: "reasoning-start", index });
      emit({ type: "reasoning-signature", index, signature });
      emit({ type: "reasoning-end", index });
    }
    if (part.functionCall != null) {
      this.closeOpenBlock(emit);
      const index = this.nextBlockIndex++;
      this.sawToolCall = true;
      emit({ type: "tool-call-start", index, id: ids.next(part.functionCall.id), name: part.functionCall.name ?? "" });
      emit({ type: "tool-call-delta", index, argumentsDelta: JSON.stringify(part.functionCall.args ?? {}) });
      emit({ type: "tool-call-end", index });
    } else if (part.text) {
      emit({ type: "text-delta", index: this.ensureBlock("text", emit), delta: part.text });
    }
  }

  private ensureBlock(type: "text" | "reasoning", emit: Emit): number {
    if (this.openBlock?.type === type) return this.openBlock.index;
    this.closeOpenBlock(emit);
    this.openBlock = { type, index: this.nextBlockIndex++ };
    emit({ type: type === "text" ? "text-start" : "reasoning-start", index: this.openBlock.index });
    return this.openBlock.index;
  }

  private closeOpenBlock(emit: Emit): void {
    if (this.openBlock === undefined) return;
    const { type, index } = this.openBlock;
    emit({ type: type === "text" ? "text-end" : "reasoning-end", index });
    this.openBlock = undefined;
  }

  private start(emit: Emit, id: string, model: string): void {
    if (this.started) return;
    this.started = true;
    emit({ type: "response-start", id, model });
  }

  /** The upstream's error text is not passed on: it may quote request data. */
  private fail(emit: Emit, message: string): void {
    this.start(emit, "", "");
    this.closeOpenBlock(emit);
    this.done = true;
    emit({ type: "error", code: "upstream_error", message });
    emit({ type: "finish", finishReason: "error", usage: this.usage ?? emptyUsage() });
  }
}

function parseChunk(data: string): GeminiResponse | undefined {
  try {
    const result = geminiResponseSchema.safeParse(JSON.parse(data));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
