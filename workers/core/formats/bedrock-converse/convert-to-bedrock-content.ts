import type {
  CacheControl,
  IrAssistantPart,
  IrFilePart,
  IrImagePart,
  IrImageSource,
  IrTextPart,
  IrToolResultPart,
  IrUserPart,
} from "../../ir/request.ts";
import type { UnsupportedFieldPolicy } from "../unsupported-field-policy.ts";
import { type BedrockModelFamily, supportsToolResultStatus } from "./bedrock-model-family.ts";

/** A Converse ContentBlock: a union by member name (`text`, `image`, `toolUse`, `cachePoint`, …). */
export type BedrockContentBlock = Record<string, unknown>;

export interface BedrockContentContext {
  policy: UnsupportedFieldPolicy;
  family: BedrockModelFamily;
  /** Tool calls and results are rendered as text (see convert-to-bedrock-messages.ts). */
  toolBlocksAsText: boolean;
  /** Document names already used in this request: Bedrock identifies documents by name. */
  documentNames: Set<string>;
}

/** Converse rejects blank text blocks ("text content blocks must be non-empty"), including in tool results. */
const EMPTY_TOOL_RESULT_TEXT = "(no content)";

/**
 * The IR's `cache_control` marks the end of a cacheable prefix; Converse marks
 * it with a separate `cachePoint` block placed right after the marked block
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CachePointBlock.html).
 * `ttl` accepts only "5m" and "1h"; other values fall back to the default.
 */
export function withCachePoint(
  block: BedrockContentBlock,
  cacheControl: CacheControl | undefined,
): BedrockContentBlock[] {
  if (cacheControl === undefined) return [block];
  return [block, cachePointBlock(cacheControl)];
}

export function cachePointBlock(cacheControl: CacheControl): BedrockContentBlock {
  const ttl = cacheControl.ttl === "5m" || cacheControl.ttl === "1h" ? { ttl: cacheControl.ttl } : {};
  return { cachePoint: { type: "default", ...ttl } };
}

export function textBlocks(part: IrTextPart, prefix = ""): BedrockContentBlock[] {
  if (part.text.trim() === "") return [];
  return withCachePoint({ text: prefix + part.text }, part.cacheControl);
}

/** OpenAI's image `detail` hint has no Converse equivalent and is not sent. */
export function userBlocks(part: IrUserPart, path: string, context: BedrockContentContext): BedrockContentBlock[] {
  switch (part.type) {
    case "text":
      return textBlocks(part);
    case "image":
      return imageBlocks(part, path, context);
    case "file":
      return documentBlocks(part, path, context);
    default: {
      const unreachable: never = part;
      return unreachable;
    }
  }
}

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html */
const IMAGE_FORMATS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/jpg": "jpeg",
  "image/gif": "gif",
  "image/webp": "webp",
};

function imageBlocks(part: IrImagePart, path: string, context: BedrockContentContext): BedrockContentBlock[] {
  const source = resolveDataUrl(part.source);
  if (source.kind === "url") {
    context.policy.report(path, "Converse takes images as bytes (or S3 locations), not URLs");
    return [];
  }
  const format = IMAGE_FORMATS[source.mediaType.toLowerCase()];
  if (format === undefined) {
    context.policy.report(path, `Converse images must be PNG, JPEG, GIF or WebP, not ${source.mediaType}`);
    return [];
  }
  return withCachePoint({ image: { format, source: { bytes: source.data } } }, part.cacheControl);
}

/** https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_DocumentBlock.html */
const DOCUMENT_FORMATS: Record<string, string> = {
  "application/pdf": "pdf",
  "text/csv": "csv",
  "application/msword": "doc",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.ms-excel": "xls",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "text/html": "html",
  "text/plain": "txt",
  "text/markdown": "md",
};

function documentBlocks(part: IrFilePart, path: string, context: BedrockContentContext): BedrockContentBlock[] {
  const source = resolveDataUrl(part.source);
  if (source.kind === "url") {
    context.policy.report(path, "Converse takes documents as bytes (or S3 locations), not URLs");
    return [];
  }
  const format = DOCUMENT_FORMATS[source.mediaType.toLowerCase()];
  if (format === undefined) {
    context.policy.report(
      path,
      `Converse documents must be PDF, CSV, DOC(X), XLS(X), HTML, TXT or Markdown, not ${source.mediaType}`,
    );
    return [];
  }
  const name = uniqueDocumentName(part.filename, context.documentNames);
  return withCachePoint({ document: { format, name, source: { bytes: source.data } } }, part.cacheControl);
}

/**
 * Document names may hold only alphanumerics, single whitespace, hyphens,
 * parentheses and square brackets (so no extension dot), 1–200 characters.
 */
function uniqueDocumentName(filename: string | undefined, used: Set<string>): string {
  const base =
    (filename ?? "")
      .replace(/\.[^.]*$/, "")
      .replace(/[^A-Za-z0-9\s\-()[\]]/g, "-")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 190) || "document";
  let name = base;
  for (let copy = 2; used.has(name); copy++) name = `${base} (${copy})`;
  used.add(name);
  return name;
}

/** `data:` URLs (OpenAI clients send them) carry the bytes Converse needs. */
function resolveDataUrl(source: IrImageSource): IrImageSource {
  if (source.kind !== "url") return source;
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(source.url);
  if (match?.[1] === undefined || match[2] === undefined) return source;
  return { kind: "base64", mediaType: match[1], data: match[2] };
}

export function assistantBlocks(part: IrAssistantPart, context: BedrockContentContext): BedrockContentBlock[] {
  switch (part.type) {
    case "text":
      return textBlocks(part);
    case "tool-call":
      if (context.toolBlocksAsText) return [{ text: `[Tool call ${part.name} (${part.id})] ${part.arguments}` }];
      return [
        { toolUse: { toolUseId: toBedrockToolUseId(part.id), name: part.name, input: parseToolInput(part.arguments) } },
      ];
    case "reasoning":
      // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ReasoningContentBlock.html
      if (part.signature !== undefined) {
        return [{ reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } }];
      }
      if (part.redactedData !== undefined) return [{ reasoningContent: { redactedContent: part.redactedData } }];
      // Unsigned reasoning (another provider's summary or encrypted item): Claude rejects it, others ignore it.
      return [];
    default: {
      const unreachable: never = part;
      return unreachable;
    }
  }
}

/**
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolResultBlock.html
 * `status` is sent only to the families that accept it (Claude, Nova).
 */
export function toolResultBlocks(
  part: IrToolResultPart,
  path: string,
  context: BedrockContentContext,
): BedrockContentBlock[] {
  const content: BedrockContentBlock[] = [];
  part.content.forEach((inner, index) => {
    if (inner.type === "text") {
      if (inner.text.trim() !== "") content.push({ text: inner.text });
    } else {
      // Cache points cannot sit inside a tool result: only the image itself is kept.
      const [image] = imageBlocks({ ...inner, cacheControl: undefined }, `${path}.content[${index}]`, context);
      if (image !== undefined) content.push(image);
    }
  });
  if (context.toolBlocksAsText) {
    const header = `[Tool result for ${part.toolCallId}${part.isError ? " (error)" : ""}]`;
    const texts = content.flatMap((block) => (typeof block.text === "string" ? [block.text] : []));
    const images = content.filter((block) => block.image !== undefined);
    return withCachePoint({ text: [header, ...texts].join("\n") }, part.cacheControl).concat(images);
  }
  if (content.length === 0) content.push({ text: EMPTY_TOOL_RESULT_TEXT });
  const block: Record<string, unknown> = { toolUseId: toBedrockToolUseId(part.toolCallId), content };
  if (supportsToolResultStatus(context.family)) block.status = part.isError ? "error" : "success";
  return withCachePoint({ toolResult: block }, part.cacheControl);
}

/**
 * toolUseId must match [a-zA-Z0-9_-]+ and be at most 64 characters; ids from
 * other providers may not. toolUse and toolResult map alike, so pairs still match.
 */
function toBedrockToolUseId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64) || "tool_use";
}

/**
 * Converse wants the input as a JSON object. A model elsewhere may have
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
