import type {
  IrFilePart,
  IrImagePart,
  IrImageSource,
  IrMessage,
  IrReasoningPart,
  IrTextPart,
  IrToolResultPart,
} from "../../ir/request.ts";

type ResponsesItem = Record<string, unknown>;

export interface ConvertedResponsesItems {
  input: ResponsesItem[];
  /** True when reasoning items are replayed, so the request must ask for encrypted reasoning back. */
  replaysReasoning: boolean;
}

/**
 * IR messages → Responses `input` items, in order (API reference › Responses ›
 * Create › input). Assistant text becomes assistant messages with
 * `output_text`, tool calls `function_call` items and tool results
 * `function_call_output` items, the shapes Codex replays with store false.
 */
export function convertToOpenAiResponsesInput(messages: IrMessage[]): ConvertedResponsesItems {
  const input: ResponsesItem[] = [];
  let replaysReasoning = false;
  for (const message of messages) {
    switch (message.role) {
      case "system":
        // A mid-conversation system message stays in place; "developer" is the Responses role for it.
        input.push({ type: "message", role: "developer", content: message.content.map(inputText) });
        break;
      case "user":
        input.push({ type: "message", role: "user", content: message.content.map(userPart) });
        break;
      case "assistant": {
        let text: Array<Record<string, unknown>> = [];
        const flushText = () => {
          if (text.length > 0) input.push({ type: "message", role: "assistant", content: text });
          text = [];
        };
        for (const part of message.content) {
          switch (part.type) {
            case "text":
              text.push({ type: "output_text", text: part.text });
              break;
            case "tool-call":
              flushText();
              input.push({ type: "function_call", call_id: part.id, name: part.name, arguments: part.arguments });
              break;
            case "reasoning": {
              flushText();
              const item = reasoningItem(part);
              if (item) {
                input.push(item);
                replaysReasoning = true;
              }
              break;
            }
            default: {
              const unreachable: never = part;
              return unreachable;
            }
          }
        }
        flushText();
        break;
      }
      case "tool":
        for (const result of message.content) input.push(functionCallOutput(result));
        break;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }
  return { input, replaysReasoning };
}

function inputText(part: IrTextPart): Record<string, unknown> {
  return { type: "input_text", text: part.text };
}

function sourceUrl(source: IrImageSource): string {
  return source.kind === "url" ? source.url : `data:${source.mediaType};base64,${source.data}`;
}

function imagePart(part: IrImagePart): Record<string, unknown> {
  // `detail` is required on input_image; "auto" is OpenAI's default.
  return { type: "input_image", image_url: sourceUrl(part.source), detail: part.detail ?? "auto" };
}

function filePart(part: IrFilePart): Record<string, unknown> {
  if (part.source.kind === "url") {
    return { type: "input_file", file_url: part.source.url, ...(part.filename ? { filename: part.filename } : {}) };
  }
  // Inline files need a filename; OpenAI uses it to pick the parser.
  return { type: "input_file", filename: part.filename ?? "document.pdf", file_data: sourceUrl(part.source) };
}

function userPart(part: IrTextPart | IrImagePart | IrFilePart): Record<string, unknown> {
  switch (part.type) {
    case "text":
      return inputText(part);
    case "image":
      return imagePart(part);
    case "file":
      return filePart(part);
    default: {
      const unreachable: never = part;
      return unreachable;
    }
  }
}

/**
 * Only OpenAI reasoning can be replayed: an item with its `encrypted_content`
 * (we always send store false, so an `rs_…` id alone points at nothing).
 * Reasoning from another provider (Anthropic signatures, Gemini thoughts) means
 * nothing to OpenAI and is left out, as every cross-provider router does.
 */
function reasoningItem(part: IrReasoningPart): ResponsesItem | undefined {
  if (part.encryptedContent === undefined) return undefined;
  return {
    type: "reasoning",
    ...(part.id === undefined ? {} : { id: part.id }),
    summary: part.text === "" ? [] : [{ type: "summary_text", text: part.text }],
    encrypted_content: part.encryptedContent,
  };
}

/**
 * A single text result is sent as a plain string; results with images use the
 * content-list form. The Responses API has no error flag, so `isError` is lost
 * (the result text usually says what went wrong).
 */
function functionCallOutput(result: IrToolResultPart): ResponsesItem {
  const [first, ...rest] = result.content;
  if (first?.type === "text" && rest.length === 0) {
    return { type: "function_call_output", call_id: result.toolCallId, output: first.text };
  }
  if (first === undefined) return { type: "function_call_output", call_id: result.toolCallId, output: "" };
  const output = result.content.map((part) => (part.type === "text" ? inputText(part) : imagePart(part)));
  return { type: "function_call_output", call_id: result.toolCallId, output };
}
