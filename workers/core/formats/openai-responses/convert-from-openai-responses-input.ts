import { formatIssuePath } from "../../errors/zod-issue-to-error.ts";
import type {
  IrAssistantPart,
  IrImagePart,
  IrMessage,
  IrTextPart,
  IrToolResultPart,
  IrUnmappedField,
} from "../../ir/request.ts";
import {
  convertAssistantContent,
  convertInputImage,
  convertSystemContent,
  convertUserContent,
} from "./convert-from-openai-responses-content.ts";
import type { OpenAiResponsesRequest, ResponsesContentPart } from "./openai-responses-api.ts";
import {
  responsesFunctionCallItemSchema,
  responsesFunctionCallOutputItemSchema,
  responsesMessageItemSchema,
  responsesReasoningItemSchema,
} from "./openai-responses-api.ts";
import { fromEncryptedContent } from "./openai-responses-reasoning-carrier.ts";
import { parseAtPath } from "./parse-at-path.ts";

export interface ConvertedResponsesInput {
  /** developer/system messages that precede every other item: the IR system prompt. */
  system: IrTextPart[];
  messages: IrMessage[];
}

/**
 * `input` (a string, or items in order) → IR messages. Consecutive assistant
 * output (reasoning, message, function_call items) becomes one assistant
 * message, and consecutive function_call_output items one tool message, the
 * way Chat and Anthropic group a turn. A developer/system message after the
 * first other item stays in place as an IR system message.
 */
export function convertFromOpenAiResponsesInput(
  input: OpenAiResponsesRequest["input"],
  unmapped: IrUnmappedField[],
): ConvertedResponsesInput {
  if (typeof input === "string")
    return { system: [], messages: [{ role: "user", content: [{ type: "text", text: input }] }] };
  const system: IrTextPart[] = [];
  const messages: IrMessage[] = [];
  const toolNames = new Map<string, string>();
  let leading = true;

  input.forEach((item, index) => {
    const path = ["input", index];
    const type = item.type ?? "message";
    if (type !== "message") leading = false;
    switch (type) {
      case "message": {
        const message = parseAtPath(responsesMessageItemSchema, item, path);
        const contentPath = [...path, "content"];
        if (message.role === "system" || message.role === "developer") {
          const text = convertSystemContent(message.content, contentPath);
          if (leading) system.push(...text);
          else messages.push({ role: "system", content: text });
          return;
        }
        leading = false;
        if (message.role === "user") {
          messages.push({ role: "user", content: convertUserContent(message.content, contentPath, unmapped) });
        } else {
          for (const part of convertAssistantContent(message.content, contentPath)) appendAssistant(messages, part);
        }
        return;
      }
      case "function_call": {
        const call = parseAtPath(responsesFunctionCallItemSchema, item, path);
        toolNames.set(call.call_id, call.name);
        appendAssistant(messages, { type: "tool-call", id: call.call_id, name: call.name, arguments: call.arguments });
        return;
      }
      case "function_call_output": {
        const output = parseAtPath(responsesFunctionCallOutputItemSchema, item, path);
        const result: IrToolResultPart = {
          type: "tool-result",
          toolCallId: output.call_id,
          content: convertToolOutput(output.output, [...path, "output"], unmapped),
          // The Responses API has no error flag on function outputs.
          isError: false,
        };
        const toolName = toolNames.get(output.call_id);
        if (toolName !== undefined) result.toolName = toolName;
        const last = messages.at(-1);
        if (last?.role === "tool") last.content.push(result);
        else messages.push({ role: "tool", content: [result] });
        return;
      }
      case "reasoning": {
        const reasoning = parseAtPath(responsesReasoningItemSchema, item, path);
        // Summaries are what OpenAI shows; raw `content` (reasoning_text) only comes from open-weight servers.
        const summary = reasoning.summary.map((part) => part.text);
        const text = summary.length > 0 ? summary : (reasoning.content ?? []).map((part) => part.text);
        appendAssistant(messages, {
          type: "reasoning",
          text: text.join("\n\n"),
          ...fromEncryptedContent(reasoning.encrypted_content),
          ...(typeof reasoning.id === "string" ? { id: reasoning.id } : {}),
        });
        return;
      }
      default:
        // item_reference, web_search_call, custom_tool_call(_output), local_shell_call…: items of
        // OpenAI-hosted or non-function tools that no other provider can replay.
        unmapped.push({ path: `input[${index}]`, value: item });
        return;
    }
  });
  return { system, messages };
}

function appendAssistant(messages: IrMessage[], part: IrAssistantPart): void {
  const last = messages.at(-1);
  if (last?.role === "assistant") last.content.push(part);
  else messages.push({ role: "assistant", content: [part] });
}

/** `output` is a string or content parts (text and images; files have no IR tool-result form). */
function convertToolOutput(
  output: string | ResponsesContentPart[],
  path: ReadonlyArray<string | number>,
  unmapped: IrUnmappedField[],
): Array<IrTextPart | IrImagePart> {
  if (typeof output === "string") return [{ type: "text", text: output }];
  const parts: Array<IrTextPart | IrImagePart> = [];
  for (const [index, part] of output.entries()) {
    switch (part.type) {
      case "input_text":
      case "output_text":
        parts.push({ type: "text", text: part.text });
        break;
      case "refusal":
        parts.push({ type: "text", text: part.refusal });
        break;
      case "input_image": {
        const image = convertInputImage(part, [...path, index], unmapped);
        if (image) parts.push(image);
        break;
      }
      case "input_file":
        unmapped.push({ path: formatIssuePath([...path, index]), value: part });
        break;
      default: {
        const unreachable: never = part;
        return unreachable;
      }
    }
  }
  return parts;
}
