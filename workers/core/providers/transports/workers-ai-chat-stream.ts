/**
 * Workers AI stream (SSE from `env.AI.run(…, {stream: true})`) → OpenAI Chat
 * Completions stream (https://platform.openai.com/docs/api-reference/chat-streaming),
 * incrementally: a first chunk with `role`, content / reasoning / tool-call
 * deltas as they arrive, then a chunk with `finish_reason`, a usage chunk
 * (`choices: []`) when the upstream reported usage, and `[DONE]`.
 *
 * Native events carry `response` text (and a `p` padding field, ignored);
 * newer models send OpenAI-shaped `choices[].delta`. A whole non-stream output
 * fed as one event (`choices[].message`) works too: some models answer a
 * streaming call with a complete result. An unreadable event, an in-band
 * error, or bytes ending without `[DONE]` or a finish reason become an in-band
 * `{"error": …}` chunk (the upstream's text is not passed on) and `[DONE]`.
 */
import { SseDecoder } from "../../sse/sse-decoder.ts";
import type { SseEvent } from "../../sse/sse-event.ts";
import { formatSseEvent } from "../../sse/sse-event.ts";
import {
  toChatUsage,
  type WorkersAiOutput,
  workersAiOutputSchema,
  workersAiResponseText,
} from "./workers-ai-output-api.ts";
import { type ChatToolCallDelta, WorkersAiToolCallTracker } from "./workers-ai-tool-call-tracker.ts";

export interface WorkersAiChatMeta {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
  newToolCallId: () => string;
}

type Emit = (sse: string) => void;

export function createWorkersAiChatStream(meta: WorkersAiChatMeta): TransformStream<Uint8Array, Uint8Array> {
  const sse = new SseDecoder();
  const state = new WorkersAiChatStreamState(meta);
  const encoder = new TextEncoder();
  const run = (events: SseEvent[], atEnd: boolean, controller: TransformStreamDefaultController<Uint8Array>) => {
    let out = "";
    const emit: Emit = (text) => {
      out += text;
    };
    for (const event of events) state.handleEvent(event, emit);
    if (atEnd) state.end(emit);
    if (out !== "") controller.enqueue(encoder.encode(out));
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    transform: (chunk, controller) => run(sse.push(chunk), false, controller),
    flush: (controller) => run(sse.end(), true, controller),
  });
}

export class WorkersAiChatStreamState {
  private readonly meta: WorkersAiChatMeta;
  private readonly toolCalls: WorkersAiToolCallTracker;
  private started = false;
  private done = false;
  private finishReason: string | undefined;
  private usage: Record<string, number> | undefined;

  constructor(meta: WorkersAiChatMeta) {
    this.meta = meta;
    this.toolCalls = new WorkersAiToolCallTracker(meta.newToolCallId);
  }

  handleEvent(event: SseEvent, emit: Emit): void {
    if (this.done) return;
    if (event.data === "[DONE]") {
      this.finish(emit);
      return;
    }
    if (event.data.trim() === "") return;
    this.start(emit);
    const output = parseEvent(event.data);
    if (output === undefined || (output.error !== undefined && output.error !== null)) {
      this.fail(emit, "Workers AI sent a stream event the gateway could not read.");
      return;
    }
    this.handleOutput(output, emit);
  }

  end(emit: Emit): void {
    if (this.done) return;
    this.start(emit);
    // OpenAI-shaped streams that gave a finish reason are complete even without [DONE].
    if (this.finishReason === undefined) this.fail(emit, "The Workers AI stream ended before it was complete.");
    else this.finish(emit);
  }

  private handleOutput(output: WorkersAiOutput, emit: Emit): void {
    if (output.usage != null) this.usage = toChatUsage(output.usage);
    if (output.finish_reason != null) this.finishReason = output.finish_reason;
    const text = workersAiResponseText(output.response);
    if (text !== "") this.delta({ content: text }, emit);
    this.toolCallDeltas(output.tool_calls ?? [], emit);
    const choice = output.choices?.[0];
    if (choice == null) return;
    const message = choice.delta ?? choice.message;
    if (message != null) {
      if (message.reasoning_content) this.delta({ reasoning_content: message.reasoning_content }, emit);
      if (message.content) this.delta({ content: message.content }, emit);
      this.toolCallDeltas(message.tool_calls ?? [], emit);
    }
    if (choice.finish_reason != null) this.finishReason = choice.finish_reason;
  }

  private toolCallDeltas(calls: NonNullable<WorkersAiOutput["tool_calls"]>, emit: Emit): void {
    const entries: ChatToolCallDelta[] = [];
    for (const call of calls) {
      const entry = this.toolCalls.add(call);
      if (entry !== undefined) entries.push(entry);
    }
    if (entries.length > 0) this.delta({ tool_calls: entries }, emit);
  }

  private start(emit: Emit): void {
    if (this.started) return;
    this.started = true;
    this.delta({ role: "assistant", content: "" }, emit);
  }

  private finish(emit: Emit): void {
    this.start(emit);
    this.done = true;
    emit(this.chunk([{ index: 0, delta: {}, finish_reason: this.effectiveFinishReason() }]));
    if (this.usage !== undefined) emit(this.chunk([], { usage: this.usage }));
    emit(formatSseEvent({ data: "[DONE]" }));
  }

  /** Native outputs report no finish reason; calls mean `tool_calls`, as OpenAI clients expect. */
  private effectiveFinishReason(): string {
    const reported = this.finishReason ?? "stop";
    return reported === "stop" && this.toolCalls.count > 0 ? "tool_calls" : reported;
  }

  private fail(emit: Emit, message: string): void {
    this.done = true;
    emit(formatSseEvent({ data: JSON.stringify({ error: { message, type: "upstream_error" } }) }));
    emit(formatSseEvent({ data: "[DONE]" }));
  }

  private delta(delta: Record<string, unknown>, emit: Emit): void {
    emit(this.chunk([{ index: 0, delta, finish_reason: null }]));
  }

  private chunk(choices: unknown[], extra: Record<string, unknown> = {}): string {
    const { id, created, model } = this.meta;
    return formatSseEvent({
      data: JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices, ...extra }),
    });
  }
}

function parseEvent(data: string): WorkersAiOutput | undefined {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return undefined;
  }
  const parsed = workersAiOutputSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
