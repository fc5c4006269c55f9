import type { IrRequest } from "../../ir/request.ts";
import type { UnsupportedFieldPolicy } from "../unsupported-field-policy.ts";
import { cachePointBlock } from "./convert-to-bedrock-content.ts";

export interface BedrockToolConfig {
  tools: Array<Record<string, unknown>>;
  toolChoice?: Record<string, unknown>;
}

/**
 * IR tools and tool_choice → Converse `toolConfig`
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolConfiguration.html).
 * Returns undefined when the model may call no tool: no function tools, or
 * tool_choice "none" (Converse's ToolChoice has only auto, any and tool, so
 * "none" is expressed by withholding the tools).
 *
 * `strict` is not sent: only some models accept it, and the others reject the request.
 */
export function prepareBedrockTools(
  request: Pick<IrRequest, "tools" | "toolChoice" | "parallelToolCalls">,
  policy: UnsupportedFieldPolicy,
): BedrockToolConfig | undefined {
  const tools: Array<Record<string, unknown>> = [];
  const names = new Set<string>();
  for (const [index, tool] of request.tools.entries()) {
    switch (tool.type) {
      case "function": {
        const spec: Record<string, unknown> = { name: tool.name, inputSchema: { json: tool.inputSchema } };
        if (tool.description !== undefined && tool.description !== "") spec.description = tool.description;
        tools.push({ toolSpec: spec });
        if (tool.cacheControl !== undefined) tools.push(cachePointBlock(tool.cacheControl));
        names.add(tool.name);
        break;
      }
      case "provider":
        policy.report(`tools[${index}]`, `the provider tool '${tool.name}' has no Converse equivalent`);
        break;
      default: {
        const unreachable: never = tool;
        throw new Error(`Unknown tool type: ${String(unreachable)}`);
      }
    }
  }
  if (request.parallelToolCalls === false && names.size > 0) {
    policy.report("parallel_tool_calls", "Converse has no switch to turn off parallel tool calls");
  }
  const choice = request.toolChoice;
  if (names.size === 0 || choice?.type === "none") return undefined;
  switch (choice?.type) {
    case undefined:
      return { tools };
    case "auto":
      return { tools, toolChoice: { auto: {} } };
    case "required":
      return { tools, toolChoice: { any: {} } };
    case "tool":
      if (!names.has(choice.name)) {
        policy.report("tool_choice", `it names '${choice.name}', which is not among the tools sent`);
        return { tools };
      }
      return { tools, toolChoice: { tool: { name: choice.name } } };
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}
