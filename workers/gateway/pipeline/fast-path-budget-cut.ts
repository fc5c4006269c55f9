import type { ApiFormat } from "../../core/formats/api-format.ts";
import { encodeSseEvent, type SseEvent } from "../../core/sse/sse-event.ts";
import { joined, readJson, responsesFailedEvent } from "./fast-path-closing.ts";

const CUT_MESSAGE = "The budget ran out while this response was being generated.";

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function textLength(value: unknown): number {
  return typeof value === "string" ? value.length : 0;
}

/**
 * Budget metering on the same-format fast path, which otherwise never parses
 * an event: for a metered request each event is read for the characters of
 * model output it carries (text, reasoning, tool arguments), and for what a
 * clean early end must repeat (ids, model, open blocks, sequence numbers).
 * `closing` is that end, in the client's own grammar:
 * Chat — a final chunk with `finish_reason: "length"` and `[DONE]`;
 * Anthropic — `content_block_stop` for open blocks, `message_delta` with
 * `stop_reason: "max_tokens"`, `message_stop`; Responses — `response.failed`
 * with `insufficient_quota` (Codex stops rather than retries); Gemini — a
 * chunk with `finishReason: "MAX_TOKENS"`.
 */
export class FastPathBudgetCut {
  private readonly format: ApiFormat;
  private readonly fallbackId: string;
  private chatChunk: Json | undefined;
  private readonly openBlocks = new Set<number>();
  private createdResponse: unknown;
  private lastSequence: unknown;
  private geminiModelVersion: unknown;

  constructor(format: ApiFormat, fallbackId: string) {
    this.format = format;
    this.fallbackId = fallbackId;
  }

  /** Characters of output in the event. */
  observe(event: SseEvent): number {
    if (event.data === "[DONE]") return 0;
    const data = readJson(event.data);
    if (data === undefined) return 0;
    switch (this.format) {
      case "openai-chat":
        return this.observeChat(data);
      case "anthropic-messages":
        return this.observeAnthropic(data);
      case "openai-responses":
        return this.observeResponses(data);
      case "gemini":
        return this.observeGemini(data);
      default: {
        const unreachable: never = this.format;
        return unreachable;
      }
    }
  }

  closing(outputTokens: number): Uint8Array {
    switch (this.format) {
      case "openai-chat": {
        const chunk = this.chatChunk ?? {};
        const final = {
          id: chunk.id ?? `chatcmpl-${this.fallbackId}`,
          object: "chat.completion.chunk",
          created: chunk.created ?? Math.floor(Date.now() / 1000),
          model: chunk.model ?? "",
          choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "length" }],
        };
        return joined(encodeSseEvent({ data: JSON.stringify(final) }), encodeSseEvent({ data: "[DONE]" }));
      }
      case "anthropic-messages": {
        const events = [...this.openBlocks].map((index) =>
          encodeSseEvent({ event: "content_block_stop", data: JSON.stringify({ type: "content_block_stop", index }) }),
        );
        events.push(
          encodeSseEvent({
            event: "message_delta",
            data: JSON.stringify({
              type: "message_delta",
              delta: { stop_reason: "max_tokens", stop_sequence: null },
              usage: { output_tokens: outputTokens },
            }),
          }),
          encodeSseEvent({ event: "message_stop", data: JSON.stringify({ type: "message_stop" }) }),
        );
        return events.reduce(joined, new Uint8Array(0));
      }
      case "openai-responses":
        return responsesFailedEvent({
          createdResponse: this.createdResponse,
          lastSequence: this.lastSequence,
          fallbackResponseId: this.fallbackId,
          error: { code: "insufficient_quota", message: CUT_MESSAGE },
        });
      case "gemini":
        return encodeSseEvent({
          data: JSON.stringify({
            candidates: [{ content: { role: "model", parts: [{ text: "" }] }, finishReason: "MAX_TOKENS", index: 0 }],
            ...(typeof this.geminiModelVersion === "string" ? { modelVersion: this.geminiModelVersion } : {}),
          }),
        });
      default: {
        const unreachable: never = this.format;
        return unreachable;
      }
    }
  }

  private observeChat(data: Json): number {
    if (this.chatChunk === undefined) this.chatChunk = { id: data.id, created: data.created, model: data.model };
    let characters = 0;
    for (const choice of Array.isArray(data.choices) ? data.choices : []) {
      const delta = record(record(choice)?.delta);
      if (delta === undefined) continue;
      characters += textLength(delta.content) + textLength(delta.reasoning_content) + textLength(delta.reasoning);
      for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
        const fn = record(record(call)?.function);
        characters += textLength(fn?.arguments) + textLength(fn?.name);
      }
    }
    return characters;
  }

  private observeAnthropic(data: Json): number {
    const index = typeof data.index === "number" ? data.index : undefined;
    if (data.type === "content_block_start" && index !== undefined) this.openBlocks.add(index);
    if (data.type === "content_block_stop" && index !== undefined) this.openBlocks.delete(index);
    if (data.type !== "content_block_delta") return 0;
    const delta = record(data.delta);
    return textLength(delta?.text) + textLength(delta?.partial_json) + textLength(delta?.thinking);
  }

  private observeResponses(data: Json): number {
    if (data.type === "response.created") this.createdResponse = data.response;
    if (data.sequence_number !== undefined) this.lastSequence = data.sequence_number;
    const type = typeof data.type === "string" ? data.type : "";
    return type.endsWith(".delta") ? textLength(data.delta) : 0;
  }

  private observeGemini(data: Json): number {
    if (data.modelVersion !== undefined) this.geminiModelVersion = data.modelVersion;
    let characters = 0;
    for (const candidate of Array.isArray(data.candidates) ? data.candidates : []) {
      const content = record(record(candidate)?.content);
      for (const part of Array.isArray(content?.parts) ? content.parts : []) {
        const fields = record(part);
        characters += textLength(fields?.text);
        if (fields?.functionCall !== undefined) characters += JSON.stringify(fields.functionCall).length;
      }
    }
    return characters;
  }
}
