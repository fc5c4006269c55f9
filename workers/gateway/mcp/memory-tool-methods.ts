import { z } from "zod";
import type { AgentMemory } from "../../../durable-objects/agent-memory.ts";
import { RPC_INVALID_PARAMS } from "./mcp-protocol.ts";
import { McpProtocolError } from "./mcp-protocol-error.ts";
import { callMemoryTool, isMemoryToolName, MEMORY_TOOLS, type ToolCallResult } from "./memory-tools.ts";

const toolCallParamsSchema = z.looseObject({
  name: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()).optional(),
});

/** `tools/list`: the same four tools for every agent; only their data differs. */
export function listMemoryTools(): { tools: Array<(typeof MEMORY_TOOLS)[number]> } {
  return { tools: [...MEMORY_TOOLS] };
}

/**
 * `tools/call`. An unknown tool or malformed params is a protocol error
 * (-32602, per the spec's tools page); everything that goes wrong while the
 * tool runs — bad arguments, a refused update, an unreachable store — is a
 * result with `isError: true`, so the model sees it and can correct itself.
 */
export async function callMemoryToolMethod(
  memory: DurableObjectStub<AgentMemory>,
  params: Record<string, unknown> | undefined,
  status: number,
): Promise<ToolCallResult> {
  const parsed = toolCallParamsSchema.safeParse(params ?? {});
  if (!parsed.success) {
    throw new McpProtocolError(
      status,
      RPC_INVALID_PARAMS,
      "tools/call needs params.name (a string) and optional params.arguments (an object).",
    );
  }
  const { name } = parsed.data;
  if (!isMemoryToolName(name)) {
    throw new McpProtocolError(status, RPC_INVALID_PARAMS, `Unknown tool: ${name}`, {
      data: { tools: MEMORY_TOOLS.map((tool) => tool.name) },
    });
  }
  try {
    return await callMemoryTool(memory, name, parsed.data.arguments ?? {});
  } catch (error) {
    console.error(`memory tool ${name} failed`, error);
    return {
      content: [{ type: "text", text: "The memory store is unavailable right now; try again shortly." }],
      isError: true,
    };
  }
}
