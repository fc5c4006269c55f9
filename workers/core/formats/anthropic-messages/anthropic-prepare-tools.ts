import type { z } from "zod";
import type { IrRequest, IrTool, IrToolChoice, IrUnmappedField } from "../../ir/request.ts";
import type { UnsupportedFieldPolicy } from "../unsupported-field-policy.ts";
import {
  type AnthropicRequest,
  anthropicCustomToolSchema,
  type anthropicToolChoiceSchema,
  knownKeys,
} from "./anthropic-messages-api.ts";
import { anthropicUnmapped } from "./anthropic-unmapped-passthrough.ts";
import { fromAnthropicCacheControl, withAnthropicCacheControl } from "./convert-anthropic-cache-control.ts";
import { parseWithPath } from "./parse-with-path.ts";

const CUSTOM_TOOL_KEYS = knownKeys(anthropicCustomToolSchema);

export interface ConvertedAnthropicTools {
  tools: IrTool[];
  toolChoice?: IrToolChoice;
  parallelToolCalls?: boolean;
}

/**
 * Inbound tools. Custom tools (no `type`, or `type: "custom"`) become function
 * tools; their keys the IR does not model (`defer_loading`, `input_examples`,
 * `eager_input_streaming`, …) are reported as unmapped. Every other `type`
 * (`web_search_20250305`, `bash_20250124`, `text_editor_…`, `code_execution_…`)
 * is an Anthropic-defined tool, kept whole as a provider tool.
 * https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/overview
 */
export function convertFromAnthropicTools(
  request: Pick<AnthropicRequest, "tools" | "tool_choice">,
  unmapped: IrUnmappedField[],
): ConvertedAnthropicTools {
  const tools: IrTool[] = (request.tools ?? []).map((tool, index): IrTool => {
    if (tool.type !== undefined && tool.type !== "custom") {
      const name = typeof tool.name === "string" ? tool.name : tool.type;
      return { type: "provider", format: "anthropic-messages", name, raw: { ...tool } };
    }
    const custom = parseWithPath(anthropicCustomToolSchema, tool, ["tools", index]);
    for (const [key, value] of Object.entries(custom)) {
      if (!CUSTOM_TOOL_KEYS.has(key)) unmapped.push(anthropicUnmapped(`tools[${index}].${key}`, value));
    }
    const cacheControl = fromAnthropicCacheControl(custom.cache_control);
    return {
      type: "function",
      name: custom.name,
      ...(custom.description !== undefined && { description: custom.description }),
      inputSchema: custom.input_schema,
      ...(custom.strict !== undefined && { strict: custom.strict }),
      ...(cacheControl !== undefined && { cacheControl }),
    };
  });
  const converted: ConvertedAnthropicTools = { tools };
  const choice = request.tool_choice;
  if (choice === undefined) return converted;
  converted.toolChoice = fromAnthropicToolChoice(choice);
  if ("disable_parallel_tool_use" in choice && typeof choice.disable_parallel_tool_use === "boolean") {
    converted.parallelToolCalls = !choice.disable_parallel_tool_use;
  }
  return converted;
}

function fromAnthropicToolChoice(choice: z.infer<typeof anthropicToolChoiceSchema>): IrToolChoice {
  switch (choice.type) {
    case "auto":
      return { type: "auto" };
    case "any":
      return { type: "required" };
    case "none":
      return { type: "none" };
    case "tool":
      return { type: "tool", name: choice.name };
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}

export interface PreparedAnthropicTools {
  tools: Array<Record<string, unknown>>;
  toolChoice?: Record<string, unknown>;
  /** IR tool index → index in the outbound `tools` array (dropped tools have none). */
  toolIndexMap: Map<number, number>;
}

/** Outbound tools and tool_choice (https://docs.anthropic.com/en/api/messages#body-tool-choice). */
export function prepareAnthropicTools(
  request: Pick<IrRequest, "tools" | "toolChoice" | "parallelToolCalls">,
  policy: UnsupportedFieldPolicy,
): PreparedAnthropicTools {
  const tools: Array<Record<string, unknown>> = [];
  const toolIndexMap = new Map<number, number>();
  for (const [index, tool] of request.tools.entries()) {
    const prepared = prepareTool(tool, index, policy);
    if (prepared === undefined) continue;
    toolIndexMap.set(index, tools.length);
    tools.push(prepared);
  }
  const prepared: PreparedAnthropicTools = { tools, toolIndexMap };
  // Anthropic rejects tool_choice without tools; with none left there is nothing to choose.
  if (tools.length === 0) return prepared;
  const choice = toAnthropicToolChoice(request.toolChoice, request.parallelToolCalls);
  if (choice !== undefined) prepared.toolChoice = choice;
  return prepared;
}

function prepareTool(tool: IrTool, index: number, policy: UnsupportedFieldPolicy): Record<string, unknown> | undefined {
  switch (tool.type) {
    case "function":
      return withAnthropicCacheControl(
        {
          name: tool.name,
          ...(tool.description !== undefined && { description: tool.description }),
          input_schema: toAnthropicInputSchema(tool.inputSchema),
          ...(tool.strict !== undefined && { strict: tool.strict }),
        },
        tool.cacheControl,
      );
    case "provider":
      if (tool.format === "anthropic-messages") return { ...tool.raw };
      policy.report(`tools[${index}]`, `'${tool.name}' is a ${tool.format} built-in tool`);
      return undefined;
    default: {
      const unreachable: never = tool;
      return unreachable;
    }
  }
}

function toAnthropicToolChoice(
  choice: IrToolChoice | undefined,
  parallelToolCalls: boolean | undefined,
): Record<string, unknown> | undefined {
  // disable_parallel_tool_use lives on tool_choice; "auto" is the default to hang it on.
  const parallel = parallelToolCalls === undefined ? {} : { disable_parallel_tool_use: !parallelToolCalls };
  if (choice === undefined) return parallelToolCalls === false ? { type: "auto", ...parallel } : undefined;
  switch (choice.type) {
    case "auto":
      return { type: "auto", ...parallel };
    case "required":
      return { type: "any", ...parallel };
    case "none":
      return { type: "none" };
    case "tool":
      return { type: "tool", name: choice.name, ...parallel };
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}

/** Anthropic requires `input_schema.type: "object"`; OpenAI tools without parameters arrive as `{}`. */
function toAnthropicInputSchema(schema: Record<string, unknown>): Record<string, unknown> {
  if (schema.type !== undefined) return schema;
  return { type: "object", properties: {}, ...schema };
}
