import type { IrStreamPart } from "../../ir/stream-part.ts";
import type { Usage } from "../../ir/usage.ts";
import { emptyUsage } from "../../ir/usage.ts";
import { SseDecoder } from "../../sse/sse-decoder.ts";
import type { SseEvent } from "../../sse/sse-event.ts";
import { convertOpenAiResponsesUsage } from "./convert-openai-responses-usage.ts";
import { mapOpenAiResponsesFinishReason } from "./map-openai-responses-finish-reason.ts";
import type { OpenAiResponsesResponse, OpenAiResponsesStreamEvent } from "./openai-responses-api.ts";
import { openAiResponsesStreamEventSchema } from "./openai-responses-api.ts";
import { OpenAiResponsesBlockTracker } from "./openai-responses-block-tracker.ts";

/**
 * Upstream Responses SSE → IR stream parts, incrementally
 * (API reference › Responses › Streaming events). Text blocks open on
 * `content_part.added`, tool calls and reasoning on `output_item.added`; every
 * block closes on its `.done`. The stream ends with exactly one `finish`, taken
 * from response.completed / incomplete / failed — or, if the upstream stops
 * early or sends garbage, an in-band `error` followed by `finish: "error"`.
 */
export function openAiResponsesStreamDecoderTransformer(): Transformer<Uint8Array, IrStreamPart> {
  const sse = new SseDecoder();
  const state = new ResponsesStreamDecoderState();
  return {
    transform(chunk, controller) {
      for (const event of sse.push(chunk)) for (const part of state.handle(event)) controller.enqueue(part);
    },
    flush(controller) {
      for (const event of sse.end()) for (const part of state.handle(event)) controller.enqueue(part);
      for (const part of state.end()) controller.enqueue(part);
    },
  };
}

/** Responses SSE bytes → IR parts, as a stream of its own. */
export function createOpenAiResponsesStreamDecoder(): TransformStream<Uint8Array, IrStreamPart> {
  return new TransformStream(openAiResponsesStreamDecoderTransformer());
}

class ResponsesStreamDecoderState {
  private readonly blocks = new OpenAiResponsesBlockTracker();
  private started = false;
  private finished = false;
  private errored = false;
  private hasFunctionCall = false;

  handle(sseEvent: SseEvent): IrStreamPart[] {
    const out: IrStreamPart[] = [];
    // Some OpenAI-compatible servers end with Chat's `[DONE]`; OpenAI itself does not.
    if (this.finished || sseEvent.data === "" || sseEvent.data === "[DONE]") return out;
    const event = parseEvent(sseEvent);
    if (event === undefined) {
      this.fail(out, "The upstream sent a stream event the gateway could not read.");
      return out;
    }
    this.apply(event, out);
    return out;
  }

  /** The upstream closed the stream: make sure it ends with a finish. */
  end(): IrStreamPart[] {
    const out: IrStreamPart[] = [];
    if (!this.finished) this.fail(out, "The upstream stream ended before response.completed.");
    return out;
  }

  private apply(event: OpenAiResponsesStreamEvent, out: IrStreamPart[]): void {
    const outputIndex = event.output_index ?? 0;
    const itemKey = String(outputIndex);
    const partKey = `${outputIndex}:${event.content_index ?? 0}`;
    switch (event.type) {
      case "response.created":
      case "response.in_progress":
      case "response.queued":
        this.start(out, event.response);
        return;
      case "response.output_item.added": {
        this.start(out);
        const item = event.item;
        if (item?.type === "function_call") {
          this.hasFunctionCall = true;
          const block = this.blocks.openToolCall(itemKey, item.call_id ?? item.id ?? "", item.name ?? "", out);
          this.blocks.catchUp(block, item.arguments, out);
        } else if (item?.type === "reasoning") {
          this.blocks.openReasoning(itemKey, item.id, out);
        }
        return;
      }
      case "response.content_part.added":
        this.start(out);
        if (event.part?.type === "output_text" || event.part?.type === "refusal") this.blocks.openText(partKey, out);
        return;
      case "response.output_text.delta":
      case "response.refusal.delta":
        this.start(out);
        this.blocks.delta(this.blocks.openText(partKey, out), event.delta ?? "", out);
        return;
      case "response.output_text.done":
      case "response.refusal.done": {
        const block = this.blocks.get(partKey);
        if (block) this.blocks.catchUp(block, event.text ?? event.refusal, out);
        return;
      }
      case "response.content_part.done": {
        const block = this.blocks.get(partKey);
        if (block) this.blocks.catchUp(block, event.part?.text ?? event.part?.refusal, out);
        this.blocks.close(partKey, out);
        return;
      }
      case "response.function_call_arguments.delta": {
        const block = this.blocks.get(itemKey);
        if (block?.kind === "tool-call") this.blocks.delta(block, event.delta ?? "", out);
        return;
      }
      case "response.function_call_arguments.done": {
        const block = this.blocks.get(itemKey);
        if (block?.kind === "tool-call") this.blocks.catchUp(block, event.arguments, out);
        return;
      }
      case "response.reasoning_summary_text.delta":
      case "response.reasoning_text.delta": {
        this.start(out);
        const block = this.blocks.openReasoning(itemKey, event.item_id, out);
        // Summary parts are joined with a blank line, as decodeResponse joins them.
        const summaryIndex = event.summary_index ?? 0;
        if (summaryIndex > block.summaryIndex && block.emittedLength > 0) this.blocks.delta(block, "\n\n", out);
        block.summaryIndex = Math.max(block.summaryIndex, summaryIndex);
        this.blocks.delta(block, event.delta ?? "", out);
        return;
      }
      case "response.output_item.done":
        this.start(out);
        this.itemDone(event, itemKey, out);
        return;
      case "response.completed":
      case "response.incomplete":
      case "response.failed":
        this.start(out, event.response);
        this.terminate(out, event.type.slice("response.".length), event.response);
        return;
      case "error":
        this.start(out);
        this.errored = true;
        out.push({
          type: "error",
          code: event.code ?? "upstream_error",
          message: event.message ?? "The upstream reported an error.",
        });
        return;
      default:
        // in_progress markers of hosted tools, annotations, summary part brackets: nothing to carry.
        return;
    }
  }

  private itemDone(event: OpenAiResponsesStreamEvent, itemKey: string, out: IrStreamPart[]): void {
    const item = event.item;
    switch (item?.type) {
      case "function_call": {
        this.hasFunctionCall = true;
        const block = this.blocks.openToolCall(itemKey, item.call_id ?? item.id ?? "", item.name ?? "", out);
        this.blocks.catchUp(block, item.arguments, out);
        this.blocks.close(itemKey, out);
        return;
      }
      case "reasoning": {
        const block = this.blocks.openReasoning(itemKey, item.id, out);
        if (block.emittedLength === 0) {
          this.blocks.catchUp(block, (item.summary ?? []).map((part) => part.text ?? "").join("\n\n"), out);
        }
        if (typeof item.encrypted_content === "string" && item.encrypted_content !== "") {
          out.push({ type: "reasoning-encrypted", index: block.index, encryptedContent: item.encrypted_content });
        }
        this.blocks.close(itemKey, out);
        return;
      }
      case "message":
        (item.content ?? []).forEach((part, contentIndex) => {
          const key = `${itemKey}:${contentIndex}`;
          const text = part.type === "refusal" ? part.refusal : part.text;
          const open = this.blocks.get(key);
          if (open) this.blocks.catchUp(open, text, out);
          else if (!this.blocks.hasSeen(key) && text) this.blocks.catchUp(this.blocks.openText(key, out), text, out);
          this.blocks.close(key, out);
        });
        for (const key of this.blocks.keysWithPrefix(`${itemKey}:`)) this.blocks.close(key, out);
        return;
      default:
        return;
    }
  }

  private start(out: IrStreamPart[], response?: OpenAiResponsesResponse | null): void {
    if (this.started) return;
    this.started = true;
    out.push({ type: "response-start", id: response?.id ?? "", model: response?.model ?? "" });
  }

  private terminate(
    out: IrStreamPart[],
    eventStatus: string,
    response: OpenAiResponsesResponse | null | undefined,
  ): void {
    this.blocks.closeAll(out);
    const usage: Usage = response?.usage ? convertOpenAiResponsesUsage(response.usage) : emptyUsage();
    const mapped = mapOpenAiResponsesFinishReason({
      status: response?.status ?? eventStatus,
      incompleteReason: response?.incomplete_details?.reason,
      hasFunctionCall: this.hasFunctionCall,
    });
    if (mapped.finishReason === "error" && !this.errored) {
      this.errored = true;
      out.push({
        type: "error",
        code: response?.error?.code ?? "upstream_error",
        message: response?.error?.message ?? "The upstream model failed to generate a response.",
      });
    }
    // An `error` event earlier in the stream wins over whatever status follows it.
    const finishReason = this.errored ? "error" : mapped.finishReason;
    out.push({ type: "finish", finishReason, rawFinishReason: mapped.rawFinishReason, usage });
    this.finished = true;
  }

  private fail(out: IrStreamPart[], message: string): void {
    this.start(out);
    this.blocks.closeAll(out);
    if (!this.errored) out.push({ type: "error", code: "upstream_error", message });
    this.errored = true;
    out.push({ type: "finish", finishReason: "error", usage: emptyUsage() });
    this.finished = true;
  }
}

function parseEvent(sseEvent: SseEvent): OpenAiResponsesStreamEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(sseEvent.data);
  } catch {
    return undefined;
  }
  // OpenAI repeats the event name inside the data as `type`; fall back to the SSE name if a server does not.
  if (typeof json === "object" && json !== null && !("type" in json) && sseEvent.event !== undefined) {
    json = { ...json, type: sseEvent.event };
  }
  const result = openAiResponsesStreamEventSchema.safeParse(json);
  return result.success ? result.data : undefined;
}
