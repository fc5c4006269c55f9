import { GatewayError } from "../../errors/gateway-error.ts";
import type { IrTool, IrToolChoice, IrUnmappedField } from "../../ir/request.ts";
import type { OpenAiResponsesRequest } from "./openai-responses-api.ts";
import { responsesFunctionToolSchema } from "./openai-responses-api.ts";
import { parseAtPath } from "./parse-at-path.ts";

export const OPENAI_RESPONSES_FORMAT = "openai-responses";

/** Omitting `parameters` means "no arguments" (API reference › Responses › tools › function). */
const EMPTY_PARAMETERS: Record<string, unknown> = { type: "object", properties: {} };

/**
 * Inbound tools. `function` tools become IR functions. Every other type —
 * `namespace` (Codex groups MCP tools under one), `web_search`,
 * `web_search_preview`, `file_search`, `custom` (free-form input),
 * `local_shell`, `mcp`… — is not a plain function: it is kept raw as an
 * IrProviderTool, which only an OpenAI Responses upstream can carry; other
 * targets drop it under drop_params or refuse it by name (CLIENTS.md › Codex).
 */
export function convertFromOpenAiResponsesTools(tools: OpenAiResponsesRequest["tools"]): IrTool[] {
  return (tools ?? []).map((tool, index): IrTool => {
    if (tool.type === "function") {
      const fn = parseAtPath(responsesFunctionToolSchema, tool, ["tools", index]);
      const converted: IrTool = { type: "function", name: fn.name, inputSchema: fn.parameters ?? EMPTY_PARAMETERS };
      if (fn.description !== undefined && fn.description !== null) converted.description = fn.description;
      if (fn.strict !== undefined && fn.strict !== null) converted.strict = fn.strict;
      return converted;
    }
    const name = typeof tool.name === "string" && tool.name !== "" ? tool.name : tool.type;
    return { type: "provider", format: OPENAI_RESPONSES_FORMAT, name, raw: { ...tool } };
  });
}

/** `auto`/`none`/`required`/`{type:"function",name}` map; hosted-tool and allowed_tools choices do not. */
export function convertFromOpenAiResponsesToolChoice(
  toolChoice: OpenAiResponsesRequest["tool_choice"],
  unmapped: IrUnmappedField[],
): IrToolChoice | undefined {
  if (toolChoice === undefined || toolChoice === null) return undefined;
  if (typeof toolChoice === "string") return { type: toolChoice };
  if (toolChoice.type === "function") {
    if (toolChoice.name === undefined || toolChoice.name === "") {
      throw new GatewayError("invalid_request", "Missing required parameter: 'tool_choice.name'.", {
        param: "tool_choice.name",
      });
    }
    return { type: "tool", name: toolChoice.name };
  }
  unmapped.push({ path: "tool_choice", value: toolChoice });
  return undefined;
}

export interface PreparedResponsesTools {
  tools: Array<Record<string, unknown>>;
  toolChoice: string | Record<string, unknown> | undefined;
  dropped: string[];
}

/** Outbound tools for an OpenAI Responses upstream. */
export function prepareOpenAiResponsesTools(
  tools: IrTool[],
  toolChoice: IrToolChoice | undefined,
  dropParams: boolean,
): PreparedResponsesTools {
  const prepared: Array<Record<string, unknown>> = [];
  const dropped: string[] = [];
  for (const tool of tools) {
    switch (tool.type) {
      case "function":
        prepared.push({
          type: "function",
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          parameters: tool.inputSchema,
          // Responses defaults `strict` to true, which rejects schemas that are not
          // strict-mode compatible; a tool that did not ask for strict must say false.
          strict: tool.strict ?? false,
        });
        break;
      case "provider":
        if (tool.format === OPENAI_RESPONSES_FORMAT) {
          prepared.push(tool.raw);
        } else if (dropParams) {
          dropped.push(`tools.${tool.name}`);
        } else {
          throw new GatewayError(
            "invalid_request",
            `Tool '${tool.name}' is a ${tool.format} built-in tool and cannot be sent to an OpenAI Responses model.`,
            { param: "tools" },
          );
        }
        break;
      default: {
        const unreachable: never = tool;
        return unreachable;
      }
    }
  }
  return { tools: prepared, toolChoice: prepareToolChoice(toolChoice), dropped };
}

function prepareToolChoice(toolChoice: IrToolChoice | undefined): PreparedResponsesTools["toolChoice"] {
  if (toolChoice === undefined) return undefined;
  switch (toolChoice.type) {
    case "auto":
    case "none":
    case "required":
      return toolChoice.type;
    case "tool":
      return { type: "function", name: toolChoice.name };
    default: {
      const unreachable: never = toolChoice;
      return unreachable;
    }
  }
}
