import { GatewayError } from "../../errors/gateway-error.ts";
import type { IrMessage, IrToolResultPart, IrUnmappedField, IrUserPart } from "../../ir/request.ts";
import { convertFromGeminiModelParts } from "./convert-from-gemini-model-parts.ts";
import type { GeminiRequestContent, GeminiRequestPart } from "./gemini-api.ts";
import { GeminiToolCallIds } from "./gemini-tool-call-ids.ts";

const KNOWN_PART_FIELDS = new Set([
  "text",
  "thought",
  "thoughtSignature",
  "inlineData",
  "fileData",
  "functionCall",
  "functionResponse",
]);

/**
 * Gemini `contents` → IR messages.
 * - `model` turns go through convertFromGeminiModelParts; calls without an id
 *   get `call_gemini_<n>`, numbered in conversation order, so the same
 *   history always yields the same ids.
 * - `user` turns split into IR tool messages (runs of functionResponse parts)
 *   and user messages (text, inlineData, fileData), in order. A response
 *   without an id answers the earliest unanswered call of that name.
 * - Parts the IR cannot hold (executableCode, codeExecutionResult, media in a
 *   model turn) are refused by path; unknown Part fields are reported unmapped.
 */
export function convertFromGeminiContents(contents: GeminiRequestContent[], unmapped: IrUnmappedField[]): IrMessage[] {
  const out: IrMessage[] = [];
  const ids = new GeminiToolCallIds("gemini");
  let unanswered: Array<{ id: string; name: string }> = [];

  for (const [contentIndex, content] of contents.entries()) {
    const path = `contents[${contentIndex}]`;
    for (const [partIndex, part] of content.parts.entries()) {
      for (const [key, value] of Object.entries(part)) {
        if (!KNOWN_PART_FIELDS.has(key) && value != null)
          unmapped.push({ path: `${path}.parts[${partIndex}].${key}`, value });
      }
    }
    if (content.role === "model") {
      for (const [partIndex, part] of content.parts.entries()) {
        if (part.inlineData || part.fileData || part.functionResponse || !hasModelData(part)) {
          throw unsupportedPart(`${path}.parts[${partIndex}]`, "in a model turn");
        }
      }
      const parts = convertFromGeminiModelParts(content.parts, ids);
      unanswered = parts.flatMap((part) => (part.type === "tool-call" ? [{ id: part.id, name: part.name }] : []));
      out.push({ role: "assistant", content: parts });
      continue;
    }
    for (const [partIndex, part] of content.parts.entries()) {
      const partPath = `${path}.parts[${partIndex}]`;
      const response = part.functionResponse;
      if (response === undefined) {
        const userPart = convertUserPart(part, partPath);
        const previous = out.at(-1);
        if (previous?.role === "user") previous.content.push(userPart);
        else out.push({ role: "user", content: [userPart] });
        continue;
      }
      const responseId = response.id ?? undefined;
      const match = unanswered.findIndex((call) =>
        responseId === undefined ? call.name === response.name : call.id === responseId,
      );
      const matched = match === -1 ? undefined : unanswered.splice(match, 1)[0];
      const id = responseId ?? matched?.id;
      if (id === undefined) {
        throw new GatewayError(
          "invalid_request",
          `'${partPath}.functionResponse' answers no unanswered functionCall named '${response.name}' in the previous model turn.`,
          { param: `${partPath}.functionResponse.name` },
        );
      }
      const result = convertFunctionResponse(id, response.name, response.response);
      const previous = out.at(-1);
      if (previous?.role === "tool") previous.content.push(result);
      else out.push({ role: "tool", content: [result] });
    }
  }
  return out;
}

function hasModelData(part: GeminiRequestPart): boolean {
  return part.text !== undefined || part.functionCall !== undefined || Boolean(part.thoughtSignature);
}

function convertUserPart(part: GeminiRequestPart, path: string): IrUserPart {
  if (part.text !== undefined) return { type: "text", text: part.text };
  if (part.inlineData !== undefined) {
    const source = { kind: "base64" as const, mediaType: part.inlineData.mimeType, data: part.inlineData.data };
    return part.inlineData.mimeType.startsWith("image/") ? { type: "image", source } : { type: "file", source };
  }
  if (part.fileData !== undefined) {
    const source = { kind: "url" as const, url: part.fileData.fileUri };
    return part.fileData.mimeType?.startsWith("image/") ? { type: "image", source } : { type: "file", source };
  }
  throw unsupportedPart(path, "in a user turn");
}

/**
 * FunctionResponse.response is a JSON object: by convention `{"output": …}`
 * or `{"error": …}` (https://ai.google.dev/api/caching#FunctionResponse);
 * anything else is the output as a whole.
 */
function convertFunctionResponse(
  toolCallId: string,
  toolName: string,
  response: Record<string, unknown>,
): IrToolResultPart {
  const keys = Object.keys(response);
  const isError = keys.includes("error") && !keys.includes("output");
  const single = keys.length === 1 ? response[keys[0] ?? ""] : undefined;
  const value = keys.length === 1 && (keys[0] === "output" || keys[0] === "error") ? single : response;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return { type: "tool-result", toolCallId, toolName, content: [{ type: "text", text }], isError };
}

function unsupportedPart(path: string, where: string): GatewayError {
  return new GatewayError("invalid_request", `'${path}' is a kind of part the gateway cannot translate ${where}.`, {
    param: path,
  });
}
