import type { IrMessage, IrRequest, IrTextPart, IrToolResultPart, IrUserPart } from "../../ir/request.ts";
import type { DroppedFieldCollector } from "../dropped-field-collector.ts";
import { formatDataUrl } from "./parse-data-url.ts";

type ChatMessage = Record<string, unknown>;

/**
 * IR system + messages → Chat `messages`.
 * - The IR system and mid-conversation system messages become `system`
 *   messages in place (Chat accepts system messages anywhere).
 * - Text-only content is sent as one string, parts joined by a blank line:
 *   several OpenAI-compatible providers (DeepSeek among them) accept only
 *   strings for text content. Content with images or files is sent as parts.
 * - Reasoning parts are dropped: Chat has no input slot for reasoning, and
 *   providers that emit `reasoning_content` (DeepSeek) reject it in history.
 * - Each tool result becomes one `tool` message. Chat tool messages carry text
 *   only, so images a tool returned follow in one `user` message after the
 *   results. Chat has no error flag: error results are sent as their plain
 *   text, which already says what failed.
 * - `cacheControl` is dropped silently: a cost hint, not semantics.
 */
export function convertToOpenAiChatMessages(request: IrRequest, dropped: DroppedFieldCollector): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (request.system.length > 0) out.push({ role: "system", content: joinText(request.system) });
  for (const [index, message] of request.messages.entries()) appendMessage(out, message, `messages[${index}]`, dropped);
  return out;
}

function appendMessage(out: ChatMessage[], message: IrMessage, path: string, dropped: DroppedFieldCollector): void {
  switch (message.role) {
    case "system":
      out.push({ role: "system", content: joinText(message.content) });
      return;
    case "user":
      out.push({ role: "user", content: convertUserContent(message.content, path, dropped) });
      return;
    case "assistant": {
      const texts: IrTextPart[] = [];
      const toolCalls: unknown[] = [];
      for (const part of message.content) {
        if (part.type === "text") texts.push(part);
        else if (part.type === "tool-call") {
          toolCalls.push({ id: part.id, type: "function", function: { name: part.name, arguments: part.arguments } });
        }
      }
      // A reasoning-only turn has nothing Chat can carry; consecutive user turns are valid Chat.
      if (texts.length === 0 && toolCalls.length === 0) return;
      const assistant: ChatMessage = { role: "assistant", content: texts.length === 0 ? null : joinText(texts) };
      if (toolCalls.length > 0) assistant.tool_calls = toolCalls;
      out.push(assistant);
      return;
    }
    case "tool": {
      const images: unknown[] = [];
      message.content.forEach((result, index) => {
        out.push({ role: "tool", tool_call_id: result.toolCallId, content: toolResultText(result) });
        result.content.forEach((part, partIndex) => {
          if (part.type === "image") {
            images.push(convertUserPart(part, `${path}.content[${index}].content[${partIndex}]`, dropped));
          }
        });
      });
      if (images.length > 0) out.push({ role: "user", content: images });
      return;
    }
    default: {
      const unreachable: never = message;
      throw new Error(`Unhandled message: ${JSON.stringify(unreachable)}`);
    }
  }
}

function toolResultText(result: IrToolResultPart): string {
  return joinText(result.content.filter((part): part is IrTextPart => part.type === "text"));
}

function convertUserContent(content: IrUserPart[], path: string, dropped: DroppedFieldCollector): string | unknown[] {
  if (content.every((part): part is IrTextPart => part.type === "text")) return joinText(content);
  const parts: unknown[] = [];
  content.forEach((part, index) => {
    const converted = convertUserPart(part, `${path}.content[${index}]`, dropped);
    if (converted !== undefined) parts.push(converted);
  });
  return parts;
}

function convertUserPart(part: IrUserPart, path: string, dropped: DroppedFieldCollector): unknown {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "image": {
      const url = part.source.kind === "url" ? part.source.url : formatDataUrl(part.source.mediaType, part.source.data);
      const imageUrl: Record<string, unknown> = { url };
      if (part.detail !== undefined) imageUrl.detail = part.detail;
      return { type: "image_url", image_url: imageUrl };
    }
    case "file": {
      // Chat files are inline only (`file_data`) or OpenAI file ids; a URL has no slot.
      if (part.source.kind === "url") {
        dropped.unsupported(path, "a file given by URL");
        return undefined;
      }
      const file: Record<string, unknown> = {};
      if (part.filename !== undefined) file.filename = part.filename;
      file.file_data = formatDataUrl(part.source.mediaType, part.source.data);
      return { type: "file", file };
    }
    default: {
      const unreachable: never = part;
      return unreachable;
    }
  }
}

function joinText(parts: IrTextPart[]): string {
  return parts.map((part) => part.text).join("\n\n");
}
