import type { z } from "zod";
import { formatIssuePath } from "../../errors/zod-issue-to-error.ts";
import type {
  IrAssistantPart,
  IrImagePart,
  IrMessage,
  IrTextPart,
  IrToolResultPart,
  IrUnmappedField,
  IrUserPart,
} from "../../ir/request.ts";
import {
  anthropicDocumentBlockSchema,
  anthropicImageBlockSchema,
  type anthropicMessageSchema,
  anthropicRedactedThinkingBlockSchema,
  anthropicTextBlockSchema,
  anthropicThinkingBlockSchema,
  anthropicToolResultBlockSchema,
  anthropicToolUseBlockSchema,
  knownKeys,
} from "./anthropic-messages-api.ts";
import { anthropicUnmapped } from "./anthropic-unmapped-passthrough.ts";
import { encodeBase64Text } from "./base64-text.ts";
import { fromAnthropicCacheControl } from "./convert-anthropic-cache-control.ts";
import { parseWithPath } from "./parse-with-path.ts";

type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;
type BlockContent = AnthropicMessage["content"];
type Path = Array<string | number>;

const MESSAGE_KEYS = new Set(["role", "content"]);

/**
 * Converts blocks of one message. Unknown keys on known blocks (e.g. `citations`)
 * and blocks the IR cannot hold (server tool results, search results, Files API
 * sources) are reported in `unmapped` with their path, never silently lost.
 */
class AnthropicContentReader {
  private readonly unmapped: IrUnmappedField[];
  /** tool_use id → tool name, so tool results can carry `toolName` (Gemini needs it). */
  private readonly toolNames = new Map<string, string>();

  constructor(unmapped: IrUnmappedField[]) {
    this.unmapped = unmapped;
  }

  reportUnknownKeys(block: Record<string, unknown>, known: ReadonlySet<string>, path: Path): void {
    for (const [key, value] of Object.entries(block)) {
      if (!known.has(key)) this.unmapped.push(anthropicUnmapped(formatIssuePath([...path, key]), value));
    }
  }

  /** A whole block the IR cannot hold: reported, and left out of the IR. */
  skipBlock(block: unknown, path: Path): undefined {
    this.unmapped.push(anthropicUnmapped(formatIssuePath(path), block));
    return undefined;
  }

  text(block: unknown, path: Path): IrTextPart {
    const parsed = parseWithPath(anthropicTextBlockSchema, block, path);
    this.reportUnknownKeys(parsed, TEXT_KEYS, path);
    const cacheControl = fromAnthropicCacheControl(parsed.cache_control);
    return { type: "text", text: parsed.text, ...(cacheControl !== undefined && { cacheControl }) };
  }

  textContent(content: BlockContent, path: Path): IrTextPart[] {
    if (typeof content === "string") return [{ type: "text", text: content }];
    return content.map((block, index) => this.text(block, [...path, index]));
  }

  image(block: unknown, path: Path): IrImagePart | undefined {
    const parsed = parseWithPath(anthropicImageBlockSchema, block, path);
    if (parsed.source.type === "file") return this.skipBlock(block, path);
    this.reportUnknownKeys(parsed, IMAGE_KEYS, path);
    const cacheControl = fromAnthropicCacheControl(parsed.cache_control);
    const source =
      parsed.source.type === "url"
        ? { kind: "url" as const, url: parsed.source.url }
        : { kind: "base64" as const, mediaType: parsed.source.media_type, data: parsed.source.data };
    return { type: "image", source, ...(cacheControl !== undefined && { cacheControl }) };
  }

  userPart(block: { type: string }, path: Path): IrUserPart | undefined {
    switch (block.type) {
      case "text":
        return this.text(block, path);
      case "image":
        return this.image(block, path);
      case "document":
        return this.document(block, path);
      default:
        return this.skipBlock(block, path);
    }
  }

  document(block: unknown, path: Path): IrUserPart | undefined {
    const parsed = parseWithPath(anthropicDocumentBlockSchema, block, path);
    const source = parsed.source;
    // Files API ids and content-block documents have no IR equivalent.
    if (source.type === "file" || source.type === "content") return this.skipBlock(block, path);
    this.reportUnknownKeys(parsed, DOCUMENT_KEYS, path);
    const cacheControl = fromAnthropicCacheControl(parsed.cache_control);
    const irSource =
      source.type === "url"
        ? { kind: "url" as const, url: source.url }
        : source.type === "text"
          ? { kind: "base64" as const, mediaType: source.media_type, data: encodeBase64Text(source.data) }
          : { kind: "base64" as const, mediaType: source.media_type, data: source.data };
    return {
      type: "file",
      source: irSource,
      // The document `title` is what the model sees as its name, like a filename elsewhere.
      ...(typeof parsed.title === "string" && { filename: parsed.title }),
      ...(cacheControl !== undefined && { cacheControl }),
    };
  }

  toolResult(block: unknown, path: Path): IrToolResultPart {
    const parsed = parseWithPath(anthropicToolResultBlockSchema, block, path);
    this.reportUnknownKeys(parsed, TOOL_RESULT_KEYS, path);
    const content: Array<IrTextPart | IrImagePart> = [];
    if (typeof parsed.content === "string") content.push({ type: "text", text: parsed.content });
    for (const [index, inner] of (Array.isArray(parsed.content) ? parsed.content : []).entries()) {
      const innerPath = [...path, "content", index];
      const part =
        inner.type === "text"
          ? this.text(inner, innerPath)
          : inner.type === "image"
            ? this.image(inner, innerPath)
            : this.skipBlock(inner, innerPath);
      if (part !== undefined) content.push(part);
    }
    const cacheControl = fromAnthropicCacheControl(parsed.cache_control);
    const toolName = this.toolNames.get(parsed.tool_use_id);
    return {
      type: "tool-result",
      toolCallId: parsed.tool_use_id,
      ...(toolName !== undefined && { toolName }),
      content,
      isError: parsed.is_error ?? false,
      ...(cacheControl !== undefined && { cacheControl }),
    };
  }

  /**
   * `cache_control` on tool_use and thinking blocks is dropped on purpose: the
   * IR has no slot for it there, and a cache breakpoint is a cost hint that
   * never changes the answer (prompt caching: "Cache breakpoints").
   */
  assistantPart(block: { type: string }, path: Path): IrAssistantPart | undefined {
    switch (block.type) {
      case "text":
        return this.text(block, path);
      case "tool_use": {
        const parsed = parseWithPath(anthropicToolUseBlockSchema, block, path);
        this.reportUnknownKeys(parsed, TOOL_USE_KEYS, path);
        this.toolNames.set(parsed.id, parsed.name);
        return { type: "tool-call", id: parsed.id, name: parsed.name, arguments: JSON.stringify(parsed.input) };
      }
      case "thinking": {
        const parsed = parseWithPath(anthropicThinkingBlockSchema, block, path);
        this.reportUnknownKeys(parsed, THINKING_KEYS, path);
        // An empty signature is what our encoder emits for reasoning from other providers: unsigned.
        const signed = parsed.signature !== undefined && parsed.signature !== "";
        return { type: "reasoning", text: parsed.thinking, ...(signed && { signature: parsed.signature }) };
      }
      case "redacted_thinking": {
        const parsed = parseWithPath(anthropicRedactedThinkingBlockSchema, block, path);
        this.reportUnknownKeys(parsed, REDACTED_THINKING_KEYS, path);
        return { type: "reasoning", text: "", redactedData: parsed.data };
      }
      default:
        // server_tool_use, web_search_tool_result, mcp_tool_use, …: results of Anthropic-run tools.
        return this.skipBlock(block, path);
    }
  }
}

const TEXT_KEYS = knownKeys(anthropicTextBlockSchema);
const IMAGE_KEYS = knownKeys(anthropicImageBlockSchema);
const DOCUMENT_KEYS = knownKeys(anthropicDocumentBlockSchema);
const TOOL_RESULT_KEYS = knownKeys(anthropicToolResultBlockSchema);
const TOOL_USE_KEYS = knownKeys(anthropicToolUseBlockSchema);
const THINKING_KEYS = knownKeys(anthropicThinkingBlockSchema);
const REDACTED_THINKING_KEYS = knownKeys(anthropicRedactedThinkingBlockSchema);

/** Top-level `system`: a string or text blocks (with `cache_control`). */
export function convertFromAnthropicSystem(
  system: BlockContent | undefined,
  unmapped: IrUnmappedField[],
): IrTextPart[] {
  if (system === undefined) return [];
  return new AnthropicContentReader(unmapped).textContent(system, ["system"]);
}

/**
 * Messages in order. A user turn mixing tool_result and other blocks becomes
 * a `tool` message and a `user` message, in block order. `role: "system"`
 * messages (Claude Code's mid-conversation environment context) stay in place.
 */
export function convertFromAnthropicMessages(messages: AnthropicMessage[], unmapped: IrUnmappedField[]): IrMessage[] {
  const reader = new AnthropicContentReader(unmapped);
  return messages.flatMap((message, messageIndex) => convertMessage(reader, message, ["messages", messageIndex]));
}

function convertMessage(reader: AnthropicContentReader, message: AnthropicMessage, path: Path): IrMessage[] {
  reader.reportUnknownKeys(message, MESSAGE_KEYS, path);
  const contentPath = [...path, "content"];
  switch (message.role) {
    case "system":
      return [{ role: "system", content: reader.textContent(message.content, contentPath) }];
    case "assistant": {
      const blocks: Array<{ type: string }> =
        typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
      const content: IrAssistantPart[] = [];
      for (const [index, block] of blocks.entries()) {
        const part = reader.assistantPart(block, [...contentPath, index]);
        if (part !== undefined) content.push(part);
      }
      return [{ role: "assistant", content }];
    }
    case "user":
      return convertUserMessage(reader, message.content, contentPath);
    default: {
      const unreachable: never = message.role;
      return unreachable;
    }
  }
}

function convertUserMessage(reader: AnthropicContentReader, content: BlockContent, path: Path): IrMessage[] {
  if (typeof content === "string") return [{ role: "user", content: [{ type: "text", text: content }] }];
  const result: IrMessage[] = [];
  for (const [index, block] of content.entries()) {
    const blockPath = [...path, index];
    const current = result.at(-1);
    if (block.type === "tool_result") {
      const part = reader.toolResult(block, blockPath);
      if (current?.role === "tool") current.content.push(part);
      else result.push({ role: "tool", content: [part] });
      continue;
    }
    const part = reader.userPart(block, blockPath);
    if (part === undefined) continue;
    if (current?.role === "user") current.content.push(part);
    else result.push({ role: "user", content: [part] });
  }
  // A user turn whose every block was unmapped still marks a turn; keep it (empty) so order survives.
  if (result.length === 0) result.push({ role: "user", content: [] });
  return result;
}
