import type {
  IrAssistantPart,
  IrFilePart,
  IrImagePart,
  IrImageSource,
  IrMessage,
  IrRequest,
  IrTextPart,
  IrToolResultPart,
  IrUserPart,
} from "../../ir/request.ts";
import type { UnsupportedFieldPolicy } from "../unsupported-field-policy.ts";
import { decodeBase64Text } from "./base64-text.ts";
import { withAnthropicCacheControl } from "./convert-anthropic-cache-control.ts";

export type AnthropicBlockParam = Record<string, unknown> & { type: string };
export interface AnthropicMessageParam {
  role: "user" | "assistant";
  content: AnthropicBlockParam[];
}

/**
 * How a mid-conversation system message is folded into a user turn. Anthropic
 * accepts instructions only in the top-level `system`; moving later ones there
 * would change their order relative to the conversation (and break the prompt
 * cache prefix), so they stay where they were, as user-turn text marked as
 * coming from the system.
 */
export const FOLDED_SYSTEM_PREFIX = "[System message]\n";

/**
 * IR messages → Anthropic `system` + alternating `messages`
 * (https://docs.anthropic.com/en/api/messages#body-messages):
 * - system messages before the first turn join the top-level `system`; later
 *   ones are folded into the adjacent user turn (see FOLDED_SYSTEM_PREFIX);
 * - tool results become user turns of `tool_result` blocks, placed first in
 *   their turn as Anthropic requires;
 * - consecutive same-role turns are merged, empty ones dropped;
 * - reasoning is sent back only when Anthropic signed it (thinking) or
 *   redacted it; reasoning from other providers would be rejected.
 */
export function convertToAnthropicMessages(
  request: Pick<IrRequest, "system" | "messages">,
  policy: UnsupportedFieldPolicy,
): { system: AnthropicBlockParam[]; messages: AnthropicMessageParam[] } {
  const system = request.system.flatMap((part) => textBlock(part));
  const messages: AnthropicMessageParam[] = [];
  for (const [messageIndex, message] of request.messages.entries()) {
    if (message.role === "system" && messages.length === 0) {
      system.push(...message.content.flatMap((part) => textBlock(part)));
      continue;
    }
    const converted = convertMessage(message, `messages[${messageIndex}].content`, policy);
    if (converted.content.length === 0) continue;
    const last = messages.at(-1);
    if (last?.role === converted.role) last.content.push(...converted.content);
    else messages.push(converted);
  }
  for (const message of messages) {
    if (message.role === "user") message.content = toolResultsFirst(message.content);
  }
  return { system, messages };
}

function convertMessage(message: IrMessage, path: string, policy: UnsupportedFieldPolicy): AnthropicMessageParam {
  switch (message.role) {
    case "system":
      return { role: "user", content: message.content.flatMap((part) => textBlock(part, FOLDED_SYSTEM_PREFIX)) };
    case "user":
      return {
        role: "user",
        content: message.content.flatMap((part, index) => userBlock(part, `${path}[${index}]`, policy)),
      };
    case "assistant":
      return { role: "assistant", content: message.content.flatMap((part) => assistantBlock(part)) };
    case "tool":
      return { role: "user", content: message.content.map((part) => toolResultBlock(part)) };
    default: {
      const unreachable: never = message;
      return unreachable;
    }
  }
}

/** Anthropic rejects empty text blocks, so they are left out. */
function textBlock(part: IrTextPart, prefix = ""): AnthropicBlockParam[] {
  if (part.text === "") return [];
  return [withAnthropicCacheControl({ type: "text", text: prefix + part.text }, part.cacheControl)];
}

/** OpenAI's image `detail` is an OpenAI-only hint with no Anthropic equivalent; it is not sent. */
function userBlock(part: IrUserPart, path: string, policy: UnsupportedFieldPolicy): AnthropicBlockParam[] {
  switch (part.type) {
    case "text":
      return textBlock(part);
    case "image":
      return [imageBlock(part)];
    case "file": {
      const block = documentBlock(part);
      if (block !== undefined) return [block];
      policy.report(path, "Anthropic documents accept PDF (application/pdf) and plain text only");
      return [];
    }
    default: {
      const unreachable: never = part;
      return unreachable;
    }
  }
}

function imageBlock(part: IrImagePart): AnthropicBlockParam {
  const source = resolveDataUrl(part.source);
  const wire =
    source.kind === "url"
      ? { type: "url", url: source.url }
      : { type: "base64", media_type: source.mediaType, data: source.data };
  return withAnthropicCacheControl({ type: "image", source: wire }, part.cacheControl);
}

/** https://docs.anthropic.com/en/docs/build-with-claude/pdf-support and …/citations#plain-text-documents */
function documentBlock(part: IrFilePart): AnthropicBlockParam | undefined {
  const source = resolveDataUrl(part.source);
  let wire: Record<string, unknown>;
  if (source.kind === "url") wire = { type: "url", url: source.url };
  else if (source.mediaType === "application/pdf")
    wire = { type: "base64", media_type: source.mediaType, data: source.data };
  else if (source.mediaType.startsWith("text/"))
    wire = { type: "text", media_type: "text/plain", data: decodeBase64Text(source.data) };
  else return undefined;
  const title = part.filename === undefined ? {} : { title: part.filename };
  return withAnthropicCacheControl({ type: "document", source: wire, ...title }, part.cacheControl);
}

/** Anthropic URL sources must be fetchable: `data:` URLs (OpenAI clients send them) become base64 sources. */
function resolveDataUrl(source: IrImageSource): IrImageSource {
  if (source.kind !== "url") return source;
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(source.url);
  if (match?.[1] === undefined || match[2] === undefined) return source;
  return { kind: "base64", mediaType: match[1], data: match[2] };
}

function assistantBlock(part: IrAssistantPart): AnthropicBlockParam[] {
  switch (part.type) {
    case "text":
      return textBlock(part);
    case "tool-call":
      return [
        { type: "tool_use", id: toAnthropicToolId(part.id), name: part.name, input: parseToolInput(part.arguments) },
      ];
    case "reasoning":
      if (part.signature !== undefined) return [{ type: "thinking", thinking: part.text, signature: part.signature }];
      if (part.redactedData !== undefined) return [{ type: "redacted_thinking", data: part.redactedData }];
      // Unsigned reasoning (another provider's summary or encrypted item): Anthropic rejects it.
      return [];
    default: {
      const unreachable: never = part;
      return unreachable;
    }
  }
}

function toolResultBlock(part: IrToolResultPart): AnthropicBlockParam {
  const block: AnthropicBlockParam = { type: "tool_result", tool_use_id: toAnthropicToolId(part.toolCallId) };
  const only = part.content.length === 1 ? part.content[0] : undefined;
  if (only?.type === "text" && only.cacheControl === undefined) block.content = only.text;
  else if (part.content.length > 0) {
    block.content = part.content.flatMap((inner) => (inner.type === "text" ? textBlock(inner) : [imageBlock(inner)]));
  }
  // Always explicit, as Claude Code sends it; `false` is also Anthropic's default.
  block.is_error = part.isError;
  return withAnthropicCacheControl(block, part.cacheControl);
}

/**
 * Tool-use ids must match ^[a-zA-Z0-9_-]+$; ids from other providers may not.
 * The same mapping applies to tool_use and tool_result, so pairs still match.
 */
function toAnthropicToolId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, "_");
}

/**
 * Anthropic wants the arguments as an object. A model elsewhere may have
 * produced broken JSON (e.g. cut by max_tokens); the client has already seen
 * that call fail, so it is replayed with empty input rather than failing the
 * whole conversation on every later turn.
 */
function parseToolInput(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Falls through to the empty input below.
  }
  return {};
}

/** "Tool result blocks must come first in the content array" (tool use docs, "Handling tool results"). */
function toolResultsFirst(blocks: AnthropicBlockParam[]): AnthropicBlockParam[] {
  const results = blocks.filter((block) => block.type === "tool_result");
  if (results.length === 0 || results.length === blocks.length) return blocks;
  return [...results, ...blocks.filter((block) => block.type !== "tool_result")];
}
