import type { IrRequest, IrTool, IrToolChoice, IrUnmappedField } from "../../ir/request.ts";
import type { DroppedFieldCollector } from "../dropped-field-collector.ts";
import type { OpenAiChatInboundTool, OpenAiChatInboundToolChoice } from "./openai-chat-request-api.ts";

/** The format tag of provider tools that only a Chat upstream can carry. */
export const OPENAI_CHAT_TOOL_FORMAT = "openai-chat";

export interface ParsedOpenAiChatTools {
  tools: IrTool[];
  toolChoice?: IrToolChoice;
  unmapped: IrUnmappedField[];
}

/**
 * Chat `tools` / `tool_choice` → IR. Function tools map one to one; any other
 * tool type (`custom`, provider built-ins) is kept raw as a provider tool, so a
 * Chat upstream can still receive it and other targets can drop or refuse it by
 * name. `tool_choice` objects other than a named function (`allowed_tools`,
 * `custom`) have no IR equivalent and are reported as unmapped.
 */
export function parseOpenAiChatTools(
  tools: OpenAiChatInboundTool[] | null | undefined,
  toolChoice: OpenAiChatInboundToolChoice | null | undefined,
): ParsedOpenAiChatTools {
  const parsed: ParsedOpenAiChatTools = { tools: [], unmapped: [] };
  for (const tool of tools ?? []) {
    if (isFunctionTool(tool)) {
      const fn = tool.function;
      const irTool: IrTool = {
        type: "function",
        name: fn.name,
        // Chat lets `parameters` be omitted for a function without arguments.
        inputSchema: fn.parameters ?? { type: "object", properties: {} },
      };
      if (fn.description != null) irTool.description = fn.description;
      if (fn.strict != null) irTool.strict = fn.strict;
      parsed.tools.push(irTool);
    } else {
      parsed.tools.push({ type: "provider", format: OPENAI_CHAT_TOOL_FORMAT, name: providerToolName(tool), raw: tool });
    }
  }
  if (toolChoice == null) return parsed;
  if (typeof toolChoice === "string") {
    parsed.toolChoice = { type: toolChoice };
  } else if (toolChoice.type === "function" && "function" in toolChoice && isNamed(toolChoice.function)) {
    parsed.toolChoice = { type: "tool", name: toolChoice.function.name };
  } else {
    parsed.unmapped.push({ path: "tool_choice", value: toolChoice });
  }
  return parsed;
}

function isFunctionTool(tool: OpenAiChatInboundTool): tool is Extract<OpenAiChatInboundTool, { type: "function" }> {
  return tool.type === "function";
}

function isNamed(value: unknown): value is { name: string } {
  return typeof value === "object" && value !== null && "name" in value && typeof value.name === "string";
}

/** `custom` tools carry their name under `custom.name`; built-ins are named by their type. */
function providerToolName(tool: Record<string, unknown> & { type: string }): string {
  const nested = tool[tool.type];
  return isNamed(nested) ? nested.name : tool.type;
}

export interface PreparedOpenAiChatTools {
  tools?: unknown[];
  tool_choice?: unknown;
  parallel_tool_calls?: boolean;
}

/**
 * IR tools → Chat. Provider tools of another format cannot be expressed and go
 * through drop_params. `tool_choice` and `parallel_tool_calls` are only sent
 * with tools: OpenAI answers 400 to either without `tools`.
 * `cacheControl` has no Chat equivalent and is dropped silently: it is a cost
 * hint, not semantics, and the answer is the same without it.
 */
export function prepareOpenAiChatTools(request: IrRequest, dropped: DroppedFieldCollector): PreparedOpenAiChatTools {
  const tools: unknown[] = [];
  for (const tool of request.tools) {
    switch (tool.type) {
      case "function": {
        const fn: Record<string, unknown> = { name: tool.name };
        if (tool.description !== undefined) fn.description = tool.description;
        fn.parameters = tool.inputSchema;
        if (tool.strict !== undefined) fn.strict = tool.strict;
        tools.push({ type: "function", function: fn });
        break;
      }
      case "provider":
        if (tool.format === OPENAI_CHAT_TOOL_FORMAT) tools.push(tool.raw);
        else dropped.unsupported(`tools.${tool.name}`, `${tool.format} provider tool`);
        break;
      default: {
        const unreachable: never = tool;
        return unreachable;
      }
    }
  }
  if (tools.length === 0) return {};
  const prepared: PreparedOpenAiChatTools = { tools };
  if (request.toolChoice !== undefined) prepared.tool_choice = convertToolChoice(request.toolChoice);
  if (request.parallelToolCalls !== undefined) prepared.parallel_tool_calls = request.parallelToolCalls;
  return prepared;
}

function convertToolChoice(choice: IrToolChoice): unknown {
  switch (choice.type) {
    case "auto":
    case "none":
    case "required":
      return choice.type;
    case "tool":
      return { type: "function", function: { name: choice.name } };
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}
