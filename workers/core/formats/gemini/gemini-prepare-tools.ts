import type { IrRequest, IrTool, IrToolChoice, IrUnmappedField } from "../../ir/request.ts";
import type { DroppedFieldCollector } from "../dropped-field-collector.ts";
import { convertGeminiSchemaToJsonSchema } from "./convert-gemini-schema-to-json-schema.ts";
import type { GeminiFunctionDeclaration, GeminiTool, GeminiToolConfig } from "./gemini-api.ts";

/** The format tag of Gemini built-in tools (googleSearch, codeExecution, urlContext, …). */
export const GEMINI_TOOL_FORMAT = "gemini";

const KNOWN_DECLARATION_FIELDS = new Set(["name", "description", "parameters", "parametersJsonSchema"]);

/**
 * Gemini `tools` / `toolConfig` → IR. Each function declaration is a function
 * tool (its JSON Schema from `parametersJsonSchema`, or converted from the
 * legacy `parameters`); every built-in tool key becomes a provider tool.
 * `functionCallingConfig`: AUTO → auto, NONE → none, ANY → required, or the
 * named tool when exactly one name is allowed. VALIDATED and longer allow
 * lists have no IR equivalent and are reported as unmapped.
 */
export function parseGeminiTools(
  tools: GeminiTool[] | null | undefined,
  toolConfig: GeminiToolConfig | null | undefined,
  unmapped: IrUnmappedField[],
): { tools: IrTool[]; toolChoice?: IrToolChoice } {
  const irTools: IrTool[] = [];
  for (const [toolIndex, tool] of (tools ?? []).entries()) {
    for (const [key, value] of Object.entries(tool)) {
      if (value == null) continue;
      if (key !== "functionDeclarations") {
        irTools.push({ type: "provider", format: GEMINI_TOOL_FORMAT, name: key, raw: { [key]: value } });
        continue;
      }
      for (const [index, declaration] of (tool.functionDeclarations ?? []).entries()) {
        const path = `tools[${toolIndex}].functionDeclarations[${index}]`;
        irTools.push(convertDeclaration(declaration, path, unmapped));
      }
    }
  }
  const parsed: { tools: IrTool[]; toolChoice?: IrToolChoice } = { tools: irTools };
  if (toolConfig == null) return parsed;
  for (const [key, value] of Object.entries(toolConfig)) {
    if (key !== "functionCallingConfig" && value != null) unmapped.push({ path: `toolConfig.${key}`, value });
  }
  const config = toolConfig.functionCallingConfig;
  const allowed = config?.allowedFunctionNames ?? [];
  const mode = config?.mode;
  switch (mode) {
    case "NONE":
      parsed.toolChoice = { type: "none" };
      break;
    case "ANY":
      parsed.toolChoice =
        allowed.length === 1 && allowed[0] ? { type: "tool", name: allowed[0] } : { type: "required" };
      if (allowed.length > 1)
        unmapped.push({ path: "toolConfig.functionCallingConfig.allowedFunctionNames", value: allowed });
      break;
    case "VALIDATED":
      parsed.toolChoice = { type: "auto" };
      unmapped.push({ path: "toolConfig.functionCallingConfig.mode", value: mode });
      break;
    case "AUTO":
    case "MODE_UNSPECIFIED":
      parsed.toolChoice = { type: "auto" };
      break;
    case null:
    case undefined:
      break;
    default: {
      const unreachable: never = mode;
      return unreachable;
    }
  }
  if (mode !== "ANY" && allowed.length > 0) {
    unmapped.push({ path: "toolConfig.functionCallingConfig.allowedFunctionNames", value: allowed });
  }
  return parsed;
}

function convertDeclaration(declaration: GeminiFunctionDeclaration, path: string, unmapped: IrUnmappedField[]): IrTool {
  for (const [key, value] of Object.entries(declaration)) {
    if (!KNOWN_DECLARATION_FIELDS.has(key) && value != null) unmapped.push({ path: `${path}.${key}`, value });
  }
  const inputSchema =
    declaration.parametersJsonSchema ??
    (declaration.parameters == null
      ? { type: "object", properties: {} }
      : convertGeminiSchemaToJsonSchema(declaration.parameters));
  const tool: IrTool = { type: "function", name: declaration.name, inputSchema };
  if (declaration.description != null) tool.description = declaration.description;
  return tool;
}

/**
 * IR tools → Gemini. Function schemas go in `parametersJsonSchema`, which
 * takes JSON Schema as is (`$schema`, `additionalProperties`, …) where the
 * legacy `parameters` rejects those keywords. Provider tools of another format
 * go through drop_params; `cacheControl` and `strict` have no Gemini field and
 * are hints, dropped silently. `toolConfig` is only sent with declarations.
 */
export function prepareGeminiTools(
  request: IrRequest,
  dropped: DroppedFieldCollector,
): { tools?: unknown[]; toolConfig?: unknown } {
  const declarations: unknown[] = [];
  const builtIns: unknown[] = [];
  for (const tool of request.tools) {
    switch (tool.type) {
      case "function": {
        const declaration: Record<string, unknown> = { name: tool.name };
        if (tool.description !== undefined) declaration.description = tool.description;
        declaration.parametersJsonSchema = tool.inputSchema;
        declarations.push(declaration);
        break;
      }
      case "provider":
        if (tool.format === GEMINI_TOOL_FORMAT) builtIns.push(tool.raw);
        else dropped.unsupported(`tools.${tool.name}`, `${tool.format} provider tool`);
        break;
      default: {
        const unreachable: never = tool;
        return unreachable;
      }
    }
  }
  // Gemini cannot turn parallel calls off; asking for them (true) is its default.
  if (request.parallelToolCalls === false && declarations.length > 0) dropped.unsupported("parallelToolCalls");
  const tools = declarations.length > 0 ? [{ functionDeclarations: declarations }, ...builtIns] : builtIns;
  const prepared: { tools?: unknown[]; toolConfig?: unknown } = {};
  if (tools.length > 0) prepared.tools = tools;
  if (declarations.length > 0 && request.toolChoice !== undefined) {
    prepared.toolConfig = { functionCallingConfig: functionCallingConfig(request.toolChoice) };
  }
  return prepared;
}

function functionCallingConfig(choice: IrToolChoice): Record<string, unknown> {
  switch (choice.type) {
    case "auto":
      return { mode: "AUTO" };
    case "none":
      return { mode: "NONE" };
    case "required":
      return { mode: "ANY" };
    case "tool":
      return { mode: "ANY", allowedFunctionNames: [choice.name] };
    default: {
      const unreachable: never = choice;
      return unreachable;
    }
  }
}
