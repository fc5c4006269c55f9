import { GatewayError } from "../../errors/gateway-error.ts";
import type { IrImageSource, IrMessage, IrTextPart, IrUserPart } from "../../ir/request.ts";
import { convertToGeminiModelParts } from "./convert-to-gemini-model-parts.ts";

type GeminiPart = Record<string, unknown>;
interface GeminiContent {
  role: "user" | "model";
  parts: GeminiPart[];
}

/**
 * IR messages → Gemini `contents`.
 * - Gemini has only `systemInstruction`, so a mid-conversation system message
 *   is folded, as text, into the next user turn, ahead of that turn's own
 *   text (after its function responses, which must open the turn that answers
 *   the calls). If a model turn comes first, or nothing follows, it becomes
 *   its own user turn at that position: the order of meaning is kept.
 * - IR tool messages are user turns of functionResponse parts. Gemini needs
 *   the function name: the result's `toolName`, else the name of the earlier
 *   tool call with that id. Output goes under `output`, errors under `error`
 *   (the keys Google documents for FunctionResponse.response); images a tool
 *   returned follow the responses as inline parts.
 * - Consecutive turns of one role are merged: Gemini expects alternation.
 * - `cacheControl` has no Gemini field (Gemini caches implicitly): dropped.
 */
export function convertToGeminiContents(messages: IrMessage[], signatureSentinel: boolean): GeminiContent[] {
  const out: GeminiContent[] = [];
  const callNames = new Map<string, string>();
  let pendingSystem: IrTextPart[] = [];
  const push = (role: GeminiContent["role"], parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const previous = out.at(-1);
    if (previous?.role === role) previous.parts.push(...parts);
    else out.push({ role, parts });
  };
  const takeSystem = () => {
    const parts = pendingSystem.map((part) => ({ text: part.text }));
    pendingSystem = [];
    return parts;
  };

  for (const [index, message] of messages.entries()) {
    switch (message.role) {
      case "system":
        pendingSystem.push(...message.content);
        break;
      case "user":
        push("user", [...takeSystem(), ...message.content.map(convertUserPart)]);
        break;
      case "assistant":
        push("user", takeSystem());
        for (const part of message.content) if (part.type === "tool-call") callNames.set(part.id, part.name);
        push("model", convertToGeminiModelParts(message.content, { keepReasoningText: false, signatureSentinel }));
        break;
      case "tool": {
        const responses: GeminiPart[] = [];
        const media: GeminiPart[] = [];
        for (const [resultIndex, result] of message.content.entries()) {
          const name = result.toolName ?? callNames.get(result.toolCallId);
          if (name === undefined) {
            const param = `messages[${index}].content[${resultIndex}].toolCallId`;
            throw new GatewayError(
              "invalid_request",
              `'${param}' answers no earlier tool call, and Gemini needs the function name of every result.`,
              { param },
            );
          }
          const text = result.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n\n");
          const response = result.isError ? { error: text } : { output: text };
          responses.push({ functionResponse: { id: result.toolCallId, name, response } });
          for (const part of result.content) if (part.type === "image") media.push(convertUserPart(part));
        }
        push("user", [...responses, ...takeSystem(), ...media]);
        break;
      }
      default: {
        const unreachable: never = message;
        throw new Error(`Unhandled message: ${JSON.stringify(unreachable)}`);
      }
    }
  }
  push("user", takeSystem());
  return out;
}

function convertUserPart(part: IrUserPart): GeminiPart {
  switch (part.type) {
    case "text":
      return { text: part.text };
    case "image":
    case "file":
      return convertSource(part.source);
    default: {
      const unreachable: never = part;
      return unreachable;
    }
  }
}

/** base64 → inlineData; a URL → fileData (Files API URIs, and public URLs on current models). */
function convertSource(source: IrImageSource): GeminiPart {
  if (source.kind === "base64") return { inlineData: { mimeType: source.mediaType, data: source.data } };
  const mimeType = mimeTypeFromUrl(source.url);
  return { fileData: mimeType === undefined ? { fileUri: source.url } : { mimeType, fileUri: source.url } };
}

const MIME_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  gif: "image/gif",
  heic: "image/heic",
  pdf: "application/pdf",
};

function mimeTypeFromUrl(url: string): string | undefined {
  const path = url.split(/[?#]/)[0] ?? "";
  const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  return MIME_TYPES[extension];
}
