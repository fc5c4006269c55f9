import type { IrStreamPart } from "../../ir/stream-part.ts";
import { emptyUsage, type Usage } from "../../ir/usage.ts";
import {
  createSseDecodingStream,
  type EmitStreamPart,
  type SseStreamDecodingState,
  sseDecodingTransformer,
} from "../../sse/create-sse-decoding-stream.ts";
import type { SseEvent } from "../../sse/sse-event.ts";
import { convertOpenAiChatUsage } from "./convert-openai-chat-usage.ts";
import { reasoningText } from "./decode-openai-chat-response.ts";
import { mapOpenAiChatFinishReason } from "./map-openai-chat-finish-reason.ts";
import { type OpenAiChatCompletionChunk, openAiChatCompletionChunkSchema } from "./openai-chat-api.ts";
import { OpenAiChatToolCallAccumulator } from "./openai-chat-tool-call-accumulator.ts";

type Emit = EmitStreamPart;

/** Upstream bytes (Chat SSE) → IR stream parts, incrementally. */
export function createOpenAiChatStreamDecoder(): TransformStream<Uint8Array, IrStreamPart> {
  return createSseDecodingStream(new OpenAiChatStreamDecoderState());
}

/** The same as a Transformer, so stages can share one stream. */
export function openAiChatStreamDecoderTransformer(): Transformer<Uint8Array, IrStreamPart> {
  return sseDecodingTransformer(new OpenAiChatStreamDecoderState());
}

/**
 * The decoding state of one Chat stream (https://platform.openai.com/docs/api-reference/chat-streaming).
 * - `response-start` first; then blocks that never overlap (text, reasoning
 *   from `reasoning_content`/`reasoning` deltas, tool calls via the accumulator),
 *   each bracketed by start/end.
 * - The finish reason arrives before the usage-only chunk (`choices: []`), so
 *   `finish` is emitted at `[DONE]` or at the end of the bytes, with both.
 * - An in-band `{"error": …}` chunk, an unreadable event, or bytes that end
 *   without a finish reason become `error` + `finish("error")`. The upstream's
 *   error text is not passed on: it may quote request data or key fragments.
 */
export class OpenAiChatStreamDecoderState implements SseStreamDecodingState {
  private readonly toolCalls = new OpenAiChatToolCallAccumulator();
  private started = false;
  private done = false;
  private nextBlockIndex = 0;
  private openBlock: { type: "text" | "reasoning"; index: number } | undefined;
  private rawFinishReason: string | undefined;
  private usage: Usage | undefined;

  handleEvent(event: SseEvent, emit: Emit): void {
    if (this.done) return;
    if (event.data === "[DONE]") {
      this.finish(emit);
      return;
    }
    if (event.data.trim() === "") return;
    const chunk = parseChunk(event.data);
    if (chunk === undefined) {
      this.fail(emit, "The upstream sent a stream event the gateway could not read.");
      return;
    }
    this.start(emit, chunk.id ?? "", chunk.model ?? "");
    if (chunk.error != null) {
      this.fail(emit, "The upstream provider reported an error during the stream.");
      return;
    }
    if (chunk.usage != null) this.usage = convertOpenAiChatUsage(chunk.usage);
    const choice = chunk.choices?.[0];
    if (choice == null) return;
    const delta = choice.delta;
    if (delta != null) {
      const reasoning = reasoningText(delta);
      if (reasoning !== "") this.appendText("reasoning", reasoning, emit);
      if (delta.content) this.appendText("text", delta.content, emit);
      if (delta.refusal) this.appendText("text", delta.refusal, emit);
      for (const call of delta.tool_calls ?? []) {
        this.toolCalls.add(
          { index: call.index, id: call.id, name: call.function?.name, arguments: call.function?.arguments },
          emit,
          () => this.closeOpenBlock(emit),
          () => this.nextBlockIndex++,
        );
      }
    }
    if (choice.finish_reason != null) this.rawFinishReason = choice.finish_reason;
  }

  /** End of the bytes: a stream cut before any finish reason is an error, not a clean stop. */
  end(emit: Emit): void {
    if (this.done) return;
    if (this.rawFinishReason === undefined) {
      this.fail(emit, "The upstream stream ended before a finish reason.");
      return;
    }
    this.finish(emit);
  }

  private start(emit: Emit, id: string, model: string): void {
    if (this.started) return;
    this.started = true;
    emit({ type: "response-start", id, model });
  }

  private appendText(type: "text" | "reasoning", delta: string, emit: Emit): void {
    this.closeToolCalls(emit);
    if (this.openBlock?.type !== type) {
      this.closeOpenBlock(emit);
      this.openBlock = { type, index: this.nextBlockIndex++ };
      emit({ type: type === "text" ? "text-start" : "reasoning-start", index: this.openBlock.index });
    }
    const index = this.openBlock.index;
    emit(type === "text" ? { type: "text-delta", index, delta } : { type: "reasoning-delta", index, delta });
  }

  private closeOpenBlock(emit: Emit): void {
    if (this.openBlock === undefined) return;
    const { type, index } = this.openBlock;
    emit({ type: type === "text" ? "text-end" : "reasoning-end", index });
    this.openBlock = undefined;
  }

  private closeToolCalls(emit: Emit): void {
    this.toolCalls.closeAll(
      emit,
      () => this.closeOpenBlock(emit),
      () => this.nextBlockIndex++,
    );
  }

  private closeAll(emit: Emit): void {
    this.closeOpenBlock(emit);
    this.closeToolCalls(emit);
  }

  private finish(emit: Emit): void {
    this.start(emit, "", "");
    this.closeAll(emit);
    this.done = true;
    const part: Extract<IrStreamPart, { type: "finish" }> = {
      type: "finish",
      finishReason: mapOpenAiChatFinishReason(this.rawFinishReason, this.toolCalls.hasToolCalls),
      usage: this.usage ?? emptyUsage(),
    };
    if (this.rawFinishReason !== undefined) part.rawFinishReason = this.rawFinishReason;
    emit(part);
  }

  private fail(emit: Emit, message: string): void {
    this.start(emit, "", "");
    this.closeAll(emit);
    this.done = true;
    emit({ type: "error", code: "upstream_error", message });
    emit({ type: "finish", finishReason: "error", usage: this.usage ?? emptyUsage() });
  }
}

function parseChunk(data: string): OpenAiChatCompletionChunk | undefined {
  try {
    const result = openAiChatCompletionChunkSchema.safeParse(JSON.parse(data));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
