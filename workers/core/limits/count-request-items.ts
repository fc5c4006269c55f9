import type { ApiFormat } from "../formats/api-format.ts";

export interface RequestItemCounts {
  /** Where the conversation lives in this API, for the error's `param`. */
  messagesField: string;
  messages: number;
  tools: number;
}

const lengthOf = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/** Gemini groups function declarations in tool objects; each declaration counts, and each other tool once. */
function geminiToolCount(tools: unknown): number {
  if (!Array.isArray(tools)) return 0;
  let count = 0;
  for (const tool of tools) {
    const declarations =
      typeof tool === "object" && tool !== null ? (tool as Record<string, unknown>).functionDeclarations : undefined;
    count += Array.isArray(declarations) ? declarations.length : 1;
  }
  return count;
}

/**
 * Messages and tools of a client's body, read from the parsed JSON before
 * schema validation (O(1) per field), so an oversized list is refused before
 * it is validated item by item. Values of the wrong type count as zero; the
 * schema rejects them next.
 */
export function countRequestItems(format: ApiFormat, body: Record<string, unknown>): RequestItemCounts {
  switch (format) {
    case "openai-chat":
      return {
        messagesField: "messages",
        messages: lengthOf(body.messages),
        tools: lengthOf(body.tools) + lengthOf(body.functions),
      };
    case "openai-responses":
      return { messagesField: "input", messages: lengthOf(body.input), tools: lengthOf(body.tools) };
    case "anthropic-messages":
      return { messagesField: "messages", messages: lengthOf(body.messages), tools: lengthOf(body.tools) };
    case "gemini":
      return { messagesField: "contents", messages: lengthOf(body.contents), tools: geminiToolCount(body.tools) };
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}
