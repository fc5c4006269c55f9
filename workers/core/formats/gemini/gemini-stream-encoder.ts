import type { IrStreamPart } from "../../ir/stream-part.ts";
import type { Usage } from "../../ir/usage.ts";
import { encodeSseEvent } from "../../sse/sse-event.ts";
import type { EncodeContext } from "../format-adapter.ts";
import { convertToGeminiUsage } from "./convert-to-gemini-usage.ts";
import { toGeminiFinishReason } from "./map-gemini-finish-reason.ts";
import { parseToolArguments } from "./parse-tool-arguments.ts";
import { renderGeminiStreamError } from "./render-gemini-stream-error.ts";

/** IR stream parts → `streamGenerateContent?alt=sse` bytes for a Gemini client (a Transformer, so stages can share one stream). */
export function geminiStreamEncoderTransformer(context: EncodeContext): Transformer<IrStreamPart, Uint8Array> {
  const state = new GeminiStreamEncoderState(context);
  return {
    transform(part, controller) {
      for (const event of state.handle(part)) controller.enqueue(encodeSseEvent({ data: JSON.stringify(event) }));
    },
    flush(controller) {
      for (const event of state.end()) controller.enqueue(encodeSseEvent({ data: JSON.stringify(event) }));
    },
  };
}

/** As a stream of its own. */
export function createGeminiStreamEncoder(context: EncodeContext): TransformStream<IrStreamPart, Uint8Array> {
  return new TransformStream(geminiStreamEncoderTransformer(context));
}

/**
 * Each event is a whole GenerateContentResponse with the new parts: text and
 * thought deltas as they come, a function call whole once its arguments are
 * complete (Gemini never streams arguments). The last event carries the
 * finishReason and usageMetadata. A signature on a reasoning block with text
 * is sent as an empty thought part; a signature-only block (see
 * convertFromGeminiModelParts) is attached to the next part, or to the last
 * event. An IR `error` becomes Google's error envelope, and the stream still
 * ends with a finishReason so SDKs see a complete answer.
 */
export class GeminiStreamEncoderState {
  private readonly context: EncodeContext;
  private responseId: string;
  private finished = false;
  private sawError = false;
  private reasoningHasText = false;
  private pendingSignature: string | undefined;
  private readonly toolCalls = new Map<number, { id: string; name: string; arguments: string }>();
  private usage: Usage | undefined;

  constructor(context: EncodeContext) {
    this.context = context;
    this.responseId = context.responseId;
  }

  handle(part: IrStreamPart): unknown[] {
    if (this.finished) return [];
    switch (part.type) {
      case "response-start":
        if (part.id !== "") this.responseId = part.id;
        return [];
      case "text-delta":
        return part.delta === "" ? [] : [this.chunk([this.withSignature({ text: part.delta })])];
      case "reasoning-start":
        this.reasoningHasText = false;
        return [];
      case "reasoning-delta":
        if (part.delta === "") return [];
        this.reasoningHasText = true;
        return [this.chunk([{ text: part.delta, thought: true }])];
      case "reasoning-signature":
        if (!this.reasoningHasText) {
          this.pendingSignature = part.signature;
          return [];
        }
        return [this.chunk([{ text: "", thought: true, thoughtSignature: part.signature }])];
      case "tool-call-start":
        this.toolCalls.set(part.index, { id: part.id, name: part.name, arguments: "" });
        return [];
      case "tool-call-delta": {
        const call = this.toolCalls.get(part.index);
        if (call !== undefined) call.arguments += part.argumentsDelta;
        return [];
      }
      case "tool-call-end": {
        const call = this.toolCalls.get(part.index);
        if (call === undefined) return [];
        this.toolCalls.delete(part.index);
        const functionCall = { id: call.id, name: call.name, args: parseToolArguments(call.arguments) };
        return [this.chunk([this.withSignature({ functionCall })])];
      }
      case "usage":
        this.usage = part.usage;
        return [];
      case "finish":
        return [this.finish(toGeminiFinishReason(part.finishReason), part.usage)];
      case "error":
        this.sawError = true;
        return [renderGeminiStreamError(part.code, part.message)];
      case "text-start":
      case "text-end":
      case "reasoning-end":
      case "reasoning-redacted":
      case "reasoning-encrypted":
        return [];
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }

  /** The IR stream ended without `finish`: close it as an error, never leave it open. */
  end(): unknown[] {
    if (this.finished) return [];
    const events: unknown[] = [];
    if (!this.sawError)
      events.push(renderGeminiStreamError("upstream_error", "The response stream ended unexpectedly."));
    events.push(this.finish("OTHER", this.usage));
    return events;
  }

  private finish(finishReason: string, usage: Usage | undefined): unknown {
    this.finished = true;
    const candidate: Record<string, unknown> = {};
    if (this.pendingSignature !== undefined)
      candidate.content = { role: "model", parts: [this.withSignature({ text: "" })] };
    candidate.finishReason = finishReason;
    candidate.index = 0;
    const event: Record<string, unknown> = { candidates: [candidate] };
    if (usage !== undefined) event.usageMetadata = convertToGeminiUsage(usage);
    event.modelVersion = this.context.model;
    event.responseId = this.responseId;
    return event;
  }

  private withSignature(part: Record<string, unknown>): Record<string, unknown> {
    if (this.pendingSignature !== undefined) part.thoughtSignature = this.pendingSignature;
    this.pendingSignature = undefined;
    return part;
  }

  private chunk(parts: Array<Record<string, unknown>>): unknown {
    return {
      candidates: [{ content: { role: "model", parts }, index: 0 }],
      modelVersion: this.context.model,
      responseId: this.responseId,
    };
  }
}
