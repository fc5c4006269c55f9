import { GatewayError } from "../../errors/gateway-error.ts";
import { formatIssuePath as pathText } from "../../errors/zod-issue-to-error.ts";
import type { IrFilePart, IrImagePart, IrTextPart, IrUnmappedField } from "../../ir/request.ts";
import type { ResponsesContentPart } from "./openai-responses-api.ts";
import { parseDataUrl } from "./parse-data-url.ts";

type Path = ReadonlyArray<string | number>;

function wrongPartType(part: ResponsesContentPart, path: Path, where: string): GatewayError {
  const param = pathText([...path, "type"]);
  return new GatewayError(
    "invalid_request",
    `Invalid value for '${param}': '${part.type}' is not allowed in ${where}.`,
    {
      param,
    },
  );
}

/**
 * `input_image`: an https URL or a data URL. A `file_id` refers to OpenAI's
 * Files API, which no other provider can read: reported as unmapped (and the
 * part left out) so the outbound side drops it or refuses it by name.
 */
export function convertInputImage(
  part: Extract<ResponsesContentPart, { type: "input_image" }>,
  path: Path,
  unmapped: IrUnmappedField[],
): IrImagePart | undefined {
  if (part.image_url === undefined || part.image_url === null) {
    if (typeof part.file_id === "string") {
      unmapped.push({ path: pathText([...path, "file_id"]), value: part.file_id });
      return undefined;
    }
    const param = pathText([...path, "image_url"]);
    throw new GatewayError("invalid_request", `Missing required parameter: '${param}'.`, { param });
  }
  const inline = parseDataUrl(part.image_url);
  const image: IrImagePart = {
    type: "image",
    source: inline ? { kind: "base64", ...inline } : { kind: "url", url: part.image_url },
  };
  if (typeof part.detail === "string") image.detail = part.detail;
  return image;
}

/** `input_file`: inline `file_data` (a data URL) or a `file_url`; `file_id` as for images. */
function convertInputFile(
  part: Extract<ResponsesContentPart, { type: "input_file" }>,
  path: Path,
  unmapped: IrUnmappedField[],
): IrFilePart | undefined {
  let file: IrFilePart;
  if (typeof part.file_data === "string") {
    // OpenAI documents file_data as a data URL; bare base64 is taken as a PDF, the one type it accepts.
    const inline = parseDataUrl(part.file_data) ?? { mediaType: "application/pdf", data: part.file_data };
    file = { type: "file", source: { kind: "base64", ...inline } };
  } else if (typeof part.file_url === "string") {
    file = { type: "file", source: { kind: "url", url: part.file_url } };
  } else if (typeof part.file_id === "string") {
    unmapped.push({ path: pathText([...path, "file_id"]), value: part.file_id });
    return undefined;
  } else {
    const param = pathText([...path, "file_data"]);
    throw new GatewayError("invalid_request", `Missing required parameter: '${param}'.`, { param });
  }
  if (typeof part.filename === "string") file.filename = part.filename;
  return file;
}

/** User message content: text, images and files. */
export function convertUserContent(
  content: string | ResponsesContentPart[],
  path: Path,
  unmapped: IrUnmappedField[],
): Array<IrTextPart | IrImagePart | IrFilePart> {
  if (typeof content === "string") return [{ type: "text", text: content }];
  const parts: Array<IrTextPart | IrImagePart | IrFilePart> = [];
  for (const [index, part] of content.entries()) {
    const partPath = [...path, index];
    switch (part.type) {
      case "input_text":
        parts.push({ type: "text", text: part.text });
        break;
      case "input_image": {
        const image = convertInputImage(part, partPath, unmapped);
        if (image) parts.push(image);
        break;
      }
      case "input_file": {
        const file = convertInputFile(part, partPath, unmapped);
        if (file) parts.push(file);
        break;
      }
      case "output_text":
      case "refusal":
        throw wrongPartType(part, partPath, "user messages");
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }
  return parts;
}

/** System/developer content is text only (the IR system prompt holds text parts). */
export function convertSystemContent(content: string | ResponsesContentPart[], path: Path): IrTextPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return content.map((part, index): IrTextPart => {
    if (part.type === "input_text" || part.type === "output_text") return { type: "text", text: part.text };
    throw wrongPartType(part, [...path, index], "system or developer messages");
  });
}

/** Assistant content as clients replay it: `output_text` and `refusal` (plain `input_text` tolerated). */
export function convertAssistantContent(content: string | ResponsesContentPart[], path: Path): IrTextPart[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return content.map((part, index): IrTextPart => {
    switch (part.type) {
      case "output_text":
      case "input_text":
        return { type: "text", text: part.text };
      case "refusal":
        return { type: "text", text: part.refusal };
      case "input_image":
      case "input_file":
        throw wrongPartType(part, [...path, index], "assistant messages");
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  });
}
