import type { IrMessage, IrToolResultPart } from "../ir/request.ts";

/**
 * A message as a session trace keeps it under the `full` body policy: text redacted, images and files
 * reduced to a marker (their bytes would dwarf the trace), reasoning signatures and encrypted content
 * dropped. Tool calls and results keep only their id here: their arguments and results are stored once,
 * in the tool-call spans, not a second time inside the messages.
 */
export type TracePart =
  | { type: "text"; text: string }
  | { type: "image" }
  | { type: "file"; filename: string | null }
  | { type: "reasoning"; text: string }
  | { type: "tool-call"; toolCallId: string; name: string }
  | { type: "tool-result"; toolCallId: string };

export interface TraceMessage {
  role: IrMessage["role"];
  content: TracePart[];
}

/** Longest text a trace keeps of one value; Durable Object SQLite rows are limited to 2 MB. */
export const MAX_TRACE_TEXT_CHARS = 100_000;

export function truncateTraceText(text: string, limit = MAX_TRACE_TEXT_CHARS): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…[truncated ${text.length - limit} chars]`;
}

/** A tool result's content as one text: its text parts joined by newlines, images as `[image]`. */
export function toolResultText(part: IrToolResultPart): string {
  return part.content.map((item) => (item.type === "text" ? item.text : "[image]")).join("\n");
}

export function toTraceMessages(messages: IrMessage[], redact: (text: string) => string): TraceMessage[] {
  const keep = (text: string) => truncateTraceText(redact(text));
  return messages.map((message): TraceMessage => {
    switch (message.role) {
      case "system":
        return { role: "system", content: message.content.map((part) => ({ type: "text", text: keep(part.text) })) };
      case "user":
        return {
          role: "user",
          content: message.content.map((part): TracePart => {
            switch (part.type) {
              case "text":
                return { type: "text", text: keep(part.text) };
              case "image":
                return { type: "image" };
              case "file":
                return { type: "file", filename: part.filename ?? null };
              default: {
                const unreachable: never = part;
                return unreachable;
              }
            }
          }),
        };
      case "assistant":
        return {
          role: "assistant",
          content: message.content.map((part): TracePart => {
            switch (part.type) {
              case "text":
                return { type: "text", text: keep(part.text) };
              case "reasoning":
                return { type: "reasoning", text: keep(part.text) };
              case "tool-call":
                return { type: "tool-call", toolCallId: part.id, name: part.name };
              default: {
                const unreachable: never = part;
                return unreachable;
              }
            }
          }),
        };
      case "tool":
        return {
          role: "tool",
          content: message.content.map((part) => ({ type: "tool-result", toolCallId: part.toolCallId })),
        };
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  });
}
