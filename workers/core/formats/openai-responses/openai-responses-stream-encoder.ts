import type { FinishReason } from "../../ir/response.ts";
import type { IrStreamPart } from "../../ir/stream-part.ts";
import type { Usage } from "../../ir/usage.ts";
import type { EncodeContext } from "../format-adapter.ts";
import { toOpenAiResponsesErrorCode } from "./map-openai-responses-error-code.ts";
import { toOpenAiResponsesStatus } from "./map-openai-responses-finish-reason.ts";
import { OpenAiResponsesEventWriter } from "./openai-responses-event-writer.ts";
import { responsesResponseId } from "./openai-responses-ids.ts";
import { responsesResponseObject } from "./openai-responses-output-items.ts";

/**
 * IR stream → the Responses event grammar a client expects
 * (API reference › Responses › Streaming events): response.created,
 * response.in_progress, the bracketed events of every output item, then
 * exactly one of response.completed / response.incomplete / response.failed,
 * each carrying the full response object with usage. Codex prints nothing
 * without output_item.done and retries without a terminal event, so the
 * sequence is completed even when the IR stream is cut short (CLIENTS.md).
 */
export function openAiResponsesStreamEncoderTransformer(context: EncodeContext): Transformer<IrStreamPart, Uint8Array> {
  const state = new ResponsesStreamEncoderState(context);
  return {
    transform(part, controller) {
      for (const bytes of state.handle(part)) controller.enqueue(bytes);
    },
    flush(controller) {
      for (const bytes of state.end()) controller.enqueue(bytes);
    },
  };
}

/** IR stream → Responses SSE bytes, as a stream of its own. */
export function createOpenAiResponsesStreamEncoder(context: EncodeContext): TransformStream<IrStreamPart, Uint8Array> {
  return new TransformStream(openAiResponsesStreamEncoderTransformer(context));
}

class ResponsesStreamEncoderState {
  private readonly writer: OpenAiResponsesEventWriter;
  private readonly createdAt = Math.floor(Date.now() / 1000);
  private started = false;
  private terminated = false;
  private usage: Usage | undefined;
  private error: { code: string; message: string } | undefined;
  private readonly context: EncodeContext;

  constructor(context: EncodeContext) {
    this.context = context;
    this.writer = new OpenAiResponsesEventWriter(responsesResponseId(undefined, context));
  }

  handle(part: IrStreamPart): Uint8Array[] {
    if (this.terminated) return [];
    const writer = this.writer;
    if (part.type === "response-start") {
      if (!this.started) writer.setResponseId(responsesResponseId(part.id, this.context));
      if (part.usage) this.usage = part.usage;
    }
    this.start();
    switch (part.type) {
      case "response-start":
        break;
      case "text-start":
        writer.openText(part.index);
        break;
      case "text-delta":
        writer.textDelta(part.index, part.delta);
        break;
      case "reasoning-start":
        writer.openReasoning(part.index, part.id);
        break;
      case "reasoning-delta":
        writer.reasoningDelta(part.index, part.delta);
        break;
      case "reasoning-signature":
        writer.reasoningProof(part.index, { signature: part.signature });
        break;
      case "reasoning-redacted":
        writer.reasoningProof(part.index, { redactedData: part.data });
        break;
      case "reasoning-encrypted":
        writer.reasoningProof(part.index, { encryptedContent: part.encryptedContent });
        break;
      case "tool-call-start":
        writer.openToolCall(part.index, part.id, part.name);
        break;
      case "tool-call-delta":
        writer.toolCallDelta(part.index, part.argumentsDelta);
        break;
      case "text-end":
      case "reasoning-end":
      case "tool-call-end":
        writer.close(part.index);
        break;
      case "usage":
        this.usage = part.usage;
        break;
      case "finish":
        this.usage = part.usage;
        if (part.finishReason === "error" || this.error !== undefined) this.fail();
        else this.complete(part.finishReason);
        break;
      case "error":
        // Wait for the `finish` that follows, so response.failed carries the final usage.
        this.error ??= { code: toOpenAiResponsesErrorCode(part.code), message: part.message };
        break;
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
    return writer.drain();
  }

  /** The IR stream ended: if it never finished, end it as failed rather than leave the client hanging. */
  end(): Uint8Array[] {
    if (this.terminated) return [];
    this.start();
    this.fail();
    return this.writer.drain();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    const response = this.responseObject("in_progress");
    this.writer.emit("response.created", { response });
    this.writer.emit("response.in_progress", { response });
  }

  private complete(finishReason: FinishReason): void {
    this.writer.closeAll();
    const terminal = toOpenAiResponsesStatus(finishReason);
    const type = terminal.status === "incomplete" ? "response.incomplete" : "response.completed";
    this.writer.emit(type, { response: this.responseObject(terminal.status, terminal.incompleteReason) });
    this.terminated = true;
  }

  private fail(): void {
    this.writer.closeAll();
    const error = this.error ?? { code: "server_error", message: "The response ended unexpectedly." };
    this.writer.emit("response.failed", { response: this.responseObject("failed", null, error) });
    this.terminated = true;
  }

  private responseObject(
    status: "in_progress" | "completed" | "incomplete" | "failed",
    incompleteReason: "max_output_tokens" | "content_filter" | null = null,
    error?: { code: string; message: string },
  ): Record<string, unknown> {
    const inProgress = status === "in_progress";
    return responsesResponseObject({
      id: this.writer.responseId,
      createdAt: this.createdAt,
      model: this.context.model,
      status,
      incompleteReason,
      ...(error ? { error } : {}),
      output: inProgress ? [] : this.writer.outputItems(),
      usage: inProgress ? undefined : this.usage,
    });
  }
}
