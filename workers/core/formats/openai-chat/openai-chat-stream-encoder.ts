import type { IrStreamPart } from "../../ir/stream-part.ts";
import type { Usage } from "../../ir/usage.ts";
import { encodeSseEvent } from "../../sse/sse-event.ts";
import type { EncodeContext } from "../format-adapter.ts";
import { convertToOpenAiChatUsage } from "./convert-to-openai-chat-usage.ts";
import { openAiChatCompletionId } from "./encode-openai-chat-response.ts";
import { toOpenAiChatFinishReason } from "./map-openai-chat-finish-reason.ts";
import { renderOpenAiChatStreamError } from "./render-openai-chat-stream-error.ts";

/** IR stream parts → Chat SSE bytes for a Chat client (a Transformer, so stages can share one stream). */
export function openAiChatStreamEncoderTransformer(context: EncodeContext): Transformer<IrStreamPart, Uint8Array> {
  const state = new OpenAiChatStreamEncoderState(context);
  return {
    transform(part, controller) {
      for (const data of state.handle(part)) controller.enqueue(encodeSseEvent({ data }));
    },
    flush(controller) {
      for (const data of state.end()) controller.enqueue(encodeSseEvent({ data }));
    },
  };
}

/** As a stream of its own. */
export function createOpenAiChatStreamEncoder(context: EncodeContext): TransformStream<IrStreamPart, Uint8Array> {
  return new TransformStream(openAiChatStreamEncoderTransformer(context));
}

/**
 * The complete Chat chunk grammar, whatever the IR stream does
 * (see ../shared/CLIENTS.md): the first chunk's delta carries
 * `role: "assistant"` (the OpenAI SDK's `.stream()` throws without it), every
 * stream ends with a `finish_reason` chunk (OpenCode loops without one), then
 * the usage chunk (`choices: []`) when usage is known, then `[DONE]`. An IR
 * `error` becomes an error chunk and the stream is still closed that way.
 * Reasoning deltas are sent as `reasoning_content` (the DeepSeek extension the
 * AI SDK reads; other clients ignore it).
 */
export class OpenAiChatStreamEncoderState {
  private readonly context: EncodeContext;
  private readonly created = Math.floor(Date.now() / 1000);
  private id: string;
  private started = false;
  private finished = false;
  private sawError = false;
  private usage: Usage | undefined;
  private readonly toolIndexes = new Map<number, number>();

  constructor(context: EncodeContext) {
    this.context = context;
    this.id = openAiChatCompletionId("", context);
  }

  /** The `data:` payloads one IR part produces. */
  handle(part: IrStreamPart): string[] {
    if (this.finished) return [];
    switch (part.type) {
      case "response-start":
        if (!this.started) this.id = openAiChatCompletionId(part.id, this.context);
        return this.start();
      case "text-delta":
        return [...this.start(), this.chunk({ content: part.delta })];
      case "reasoning-delta":
        return [...this.start(), this.chunk({ reasoning_content: part.delta })];
      case "tool-call-start": {
        const toolIndex = this.toolIndexes.size;
        this.toolIndexes.set(part.index, toolIndex);
        const call = { index: toolIndex, id: part.id, type: "function", function: { name: part.name, arguments: "" } };
        return [...this.start(), this.chunk({ tool_calls: [call] })];
      }
      case "tool-call-delta": {
        const toolIndex = this.toolIndexes.get(part.index);
        if (toolIndex === undefined) return [];
        return [
          ...this.start(),
          this.chunk({ tool_calls: [{ index: toolIndex, function: { arguments: part.argumentsDelta } }] }),
        ];
      }
      case "usage":
        this.usage = part.usage;
        return [];
      case "finish":
        return this.finish(
          toOpenAiChatFinishReason(part.finishReason),
          hasTokens(part.usage) ? part.usage : this.usage,
        );
      case "error":
        this.sawError = true;
        return [...this.start(), JSON.stringify(renderOpenAiChatStreamError(part.code, part.message))];
      case "text-start":
      case "text-end":
      case "reasoning-start":
      case "reasoning-end":
      case "reasoning-signature":
      case "reasoning-redacted":
      case "reasoning-encrypted":
      case "tool-call-end":
        return [];
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }

  /** The IR stream ended: a stream that never finished is closed as an error, never left open. */
  end(): string[] {
    if (this.finished) return [];
    const out = this.start();
    if (!this.sawError) {
      out.push(
        JSON.stringify(renderOpenAiChatStreamError("upstream_error", "The response stream ended unexpectedly.")),
      );
    }
    return [...out, ...this.finish("stop", this.usage)];
  }

  private start(): string[] {
    if (this.started) return [];
    this.started = true;
    return [this.chunk({ role: "assistant", content: "" })];
  }

  private finish(finishReason: string, usage: Usage | undefined): string[] {
    const out = [...this.start(), this.chunk({}, finishReason)];
    if (usage !== undefined && hasTokens(usage) && this.context.includeUsage !== false) {
      out.push(JSON.stringify({ ...this.envelope(), choices: [], usage: convertToOpenAiChatUsage(usage) }));
    }
    out.push("[DONE]");
    this.finished = true;
    return out;
  }

  private chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
    return JSON.stringify({
      ...this.envelope(),
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    });
  }

  private envelope() {
    return { id: this.id, object: "chat.completion.chunk", created: this.created, model: this.context.model };
  }
}

function hasTokens(usage: Usage): boolean {
  return usage.inputTokens.total > 0 || usage.outputTokens.total > 0;
}
