import type { RecordedCall } from "./scripted-upstream.ts";

interface ContentBlock {
  type?: unknown;
  text?: unknown;
  content?: unknown;
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((block: ContentBlock) => (typeof block.text === "string" ? block.text : textOf(block.content)))
    .join("\n");
}

/**
 * The tool results in a call's last turn, in the upstream's own shape: trailing `role: "tool"`
 * messages for OpenAI Chat, `tool_result` blocks of the last user message for Anthropic Messages.
 */
export function toolResultTexts(call: RecordedCall): string[] {
  const messages = Array.isArray(call.body.messages) ? (call.body.messages as Array<Record<string, unknown>>) : [];
  switch (call.format) {
    case "openai-chat": {
      const results: string[] = [];
      for (let index = messages.length - 1; index >= 0 && messages[index]?.role === "tool"; index--) {
        results.unshift(textOf(messages[index]?.content));
      }
      return results;
    }
    case "anthropic-messages": {
      const last = messages.at(-1);
      if (last?.role !== "user" || !Array.isArray(last.content)) return [];
      return (last.content as ContentBlock[])
        .filter((block) => block.type === "tool_result")
        .map((block) => textOf(block.content));
    }
    default: {
      const unexpected: never = call.format;
      throw new Error(`unknown upstream format ${String(unexpected)}`);
    }
  }
}
