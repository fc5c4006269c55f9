import { GatewayError } from "../../errors/gateway-error.ts";
import type {
  CacheControl,
  IrAssistantPart,
  IrMessage,
  IrTextPart,
  IrToolResultPart,
  IrUnmappedField,
  IrUserPart,
} from "../../ir/request.ts";
import type { OpenAiChatInboundMessage, OpenAiChatUserPart } from "./openai-chat-request-api.ts";
import { parseDataUrl } from "./parse-data-url.ts";

export interface ConvertedOpenAiChatMessages {
  system: IrTextPart[];
  messages: IrMessage[];
  unmapped: IrUnmappedField[];
}

/** Fields each role's message may carry that the converter reads; anything else is reported as unmapped. */
const KNOWN_MESSAGE_FIELDS: Record<OpenAiChatInboundMessage["role"], ReadonlySet<string>> = {
  system: new Set(["role", "content", "cache_control"]),
  developer: new Set(["role", "content", "cache_control"]),
  user: new Set(["role", "content", "cache_control"]),
  assistant: new Set(["role", "content", "refusal", "tool_calls", "reasoning_content", "cache_control"]),
  tool: new Set(["role", "content", "tool_call_id", "cache_control"]),
  function: new Set(["role"]),
};

/**
 * Chat `messages` → IR system + messages.
 * - Leading system/developer messages become the IR `system`; later ones stay
 *   in place as IR system messages (Chat allows both; the IR keeps the order).
 * - Consecutive `tool` messages become one IR tool message, the shape Anthropic
 *   needs (all results in one user turn); each result learns its tool name from
 *   the assistant tool call it answers, which Gemini needs.
 * - The legacy `function` role and `function_call` are refused: they predate
 *   tool-call ids, so their results cannot be matched to a call.
 */
export function convertFromOpenAiChatMessages(messages: OpenAiChatInboundMessage[]): ConvertedOpenAiChatMessages {
  const system: IrTextPart[] = [];
  const out: IrMessage[] = [];
  const unmapped: IrUnmappedField[] = [];
  const toolNames = new Map<string, string>();
  let leading = true;

  for (const [index, message] of messages.entries()) {
    const path = `messages[${index}]`;
    collectUnknownFields(message, path, unmapped);
    const messageCache = messageCacheControl(message, path);
    if (message.role !== "system" && message.role !== "developer") leading = false;
    switch (message.role) {
      case "system":
      case "developer": {
        const content = markLast(convertTextContent(message.content), messageCache);
        if (leading) system.push(...content);
        else out.push({ role: "system", content });
        continue;
      }
      case "user":
        out.push({
          role: "user",
          content: markLast(convertUserContent(message.content, `${path}.content`), messageCache),
        });
        continue;
      case "assistant": {
        if ("function_call" in message && message.function_call != null) {
          throw new GatewayError(
            "invalid_request",
            `'${path}.function_call' is the deprecated function-calling format; send 'tool_calls' instead.`,
            { param: `${path}.function_call` },
          );
        }
        const content: IrAssistantPart[] = [];
        if (message.reasoning_content) content.push({ type: "reasoning", text: message.reasoning_content });
        if (typeof message.content === "string") {
          if (message.content !== "") content.push({ type: "text", text: message.content });
        } else {
          for (const part of message.content ?? []) {
            const text = part.type === "text" ? part.text : part.refusal;
            if (text !== "") content.push({ type: "text", text });
          }
        }
        if (message.refusal) content.push({ type: "text", text: message.refusal });
        for (const call of message.tool_calls ?? []) {
          toolNames.set(call.id, call.function.name);
          content.push({
            type: "tool-call",
            id: call.id,
            name: call.function.name,
            arguments: call.function.arguments,
          });
        }
        const texts = content.filter((part): part is IrTextPart => part.type === "text");
        markLast(texts, messageCache);
        out.push({ role: "assistant", content });
        continue;
      }
      case "tool": {
        const result: IrToolResultPart = {
          type: "tool-result",
          toolCallId: message.tool_call_id,
          content: convertTextContent(message.content),
          // Chat has no error flag on tool messages.
          isError: false,
        };
        if (messageCache !== undefined) result.cacheControl = messageCache;
        const toolName = toolNames.get(message.tool_call_id);
        if (toolName !== undefined) result.toolName = toolName;
        const previous = out.at(-1);
        if (previous?.role === "tool") previous.content.push(result);
        else out.push({ role: "tool", content: [result] });
        continue;
      }
      case "function":
        throw new GatewayError(
          "invalid_request",
          `'${path}.role' 'function' is the deprecated function-calling format; send 'tool' messages with 'tool_call_id' instead.`,
          { param: `${path}.role` },
        );
      default: {
        const unreachable: never = message;
        throw new Error(`Unhandled message: ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return { system, messages: out, unmapped };
}

/**
 * Message-level `cache_control` (OpenCode and other AI-SDK clients put it on
 * whole messages for Anthropic-backed models). Anthropic marks content
 * blocks, so it applies to the message's last part — where a breakpoint
 * caches everything up to and including the message.
 */
function messageCacheControl(message: OpenAiChatInboundMessage, path: string): CacheControl | undefined {
  const wire = (message as { cache_control?: unknown }).cache_control;
  if (wire === undefined || wire === null) return undefined;
  const candidate = wire as { type?: unknown; ttl?: unknown };
  if (
    typeof wire !== "object" ||
    candidate.type !== "ephemeral" ||
    (candidate.ttl !== undefined && typeof candidate.ttl !== "string")
  ) {
    throw new GatewayError(
      "invalid_request",
      `Invalid value for '${path}.cache_control': expected {"type":"ephemeral"}.`,
      {
        param: `${path}.cache_control`,
      },
    );
  }
  return typeof candidate.ttl === "string" ? { type: "ephemeral", ttl: candidate.ttl } : { type: "ephemeral" };
}

/** Sets a message-level cache breakpoint on its last part, unless that part carries its own. */
function markLast<Part extends { cacheControl?: CacheControl }>(
  parts: Part[],
  cacheControl: CacheControl | undefined,
): Part[] {
  const last = parts.at(-1);
  if (cacheControl !== undefined && last !== undefined && last.cacheControl === undefined)
    last.cacheControl = cacheControl;
  return parts;
}

function collectUnknownFields(message: OpenAiChatInboundMessage, path: string, unmapped: IrUnmappedField[]): void {
  const known = KNOWN_MESSAGE_FIELDS[message.role];
  for (const [key, value] of Object.entries(message)) {
    // `function_call` is refused explicitly above, with a better message.
    if (known.has(key) || value === null || value === undefined || key === "function_call") continue;
    unmapped.push({ path: `${path}.${key}`, value });
  }
}

type TextContent = string | Array<{ text: string; cache_control?: CacheControlWire | null | undefined }>;
type CacheControlWire = { type: "ephemeral"; ttl?: string | undefined };

function convertTextContent(content: TextContent): IrTextPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return content.map((part) => withCacheControl<IrTextPart>({ type: "text", text: part.text }, part.cache_control));
}

function convertUserContent(content: string | OpenAiChatUserPart[], path: string): IrUserPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return content.map((part, index) => convertUserPart(part, `${path}[${index}]`));
}

function convertUserPart(part: OpenAiChatUserPart, path: string): IrUserPart {
  switch (part.type) {
    case "text":
      return withCacheControl<IrTextPart>({ type: "text", text: part.text }, part.cache_control);
    case "image_url": {
      const url = part.image_url.url;
      const source = url.startsWith("data:") ? parseDataUrlOrThrow(url, `${path}.image_url.url`) : undefined;
      const image: IrUserPart = {
        type: "image",
        source: source === undefined ? { kind: "url", url } : { kind: "base64", ...source },
      };
      if (part.image_url.detail != null) image.detail = part.image_url.detail;
      return withCacheControl(image, part.cache_control);
    }
    case "file": {
      const { file_data: fileData, file_id: fileId, filename } = part.file;
      if (fileData == null) {
        throw new GatewayError(
          "invalid_request",
          fileId == null
            ? `'${path}.file' needs 'file_data'.`
            : `'${path}.file.file_id' refers to OpenAI file storage, which the gateway cannot reach for every provider; send the file inline as 'file_data'.`,
          { param: `${path}.file${fileId == null ? "" : ".file_id"}` },
        );
      }
      const source = fileData.startsWith("data:")
        ? parseDataUrlOrThrow(fileData, `${path}.file.file_data`)
        : // OpenAI's own examples send a data URL; some clients send bare base64.
          { mediaType: mediaTypeFromFilename(filename), data: fileData };
      const file: IrUserPart = { type: "file", source: { kind: "base64", ...source } };
      if (filename != null) file.filename = filename;
      return withCacheControl(file, part.cache_control);
    }
    case "input_audio":
      throw new GatewayError(
        "invalid_request",
        `'${path}' is an audio part; the gateway does not translate audio input.`,
        {
          param: `${path}.type`,
        },
      );
    default: {
      const unreachable: never = part;
      return unreachable;
    }
  }
}

function parseDataUrlOrThrow(url: string, path: string): { mediaType: string; data: string } {
  const parsed = parseDataUrl(url);
  if (parsed === undefined) {
    throw new GatewayError("invalid_request", `'${path}' is a data URL without base64 content.`, { param: path });
  }
  return parsed;
}

/** Chat file inputs were PDF-only for long; other extensions are mapped where unambiguous. */
function mediaTypeFromFilename(filename: string | null | undefined): string {
  const extension = filename?.split(".").pop()?.toLowerCase();
  switch (extension) {
    case "txt":
      return "text/plain";
    case "md":
      return "text/markdown";
    case "csv":
      return "text/csv";
    case "json":
      return "application/json";
    case "html":
      return "text/html";
    default:
      return "application/pdf";
  }
}

function withCacheControl<T extends { cacheControl?: CacheControl }>(
  part: T,
  wire: CacheControlWire | null | undefined,
): T {
  if (wire == null) return part;
  const cacheControl: CacheControl = { type: "ephemeral" };
  if (wire.ttl !== undefined) cacheControl.ttl = wire.ttl;
  part.cacheControl = cacheControl;
  return part;
}
