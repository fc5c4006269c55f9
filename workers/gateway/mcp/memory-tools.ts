import { z } from "zod";
import type { AgentMemory } from "../../../durable-objects/agent-memory.ts";
import {
  blockNameSchema,
  MEMORY_LIMITS,
  saveMemoryInputSchema,
  searchMemoryInputSchema,
  updateBlockInputSchema,
} from "../../../durable-objects/agent-memory-rpc.ts";
import { zodErrorToGatewayError } from "../../core/errors/zod-issue-to-error.ts";

/** What `tools/call` returns: text for every client, `structuredContent` for those since 2025-06-18. */
export interface ToolCallResult {
  [field: string]: unknown;
  content: Array<{ type: "text"; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError: boolean;
}

const tagsInput = {
  type: "array",
  items: { type: "string", minLength: 1, maxLength: MEMORY_LIMITS.tagChars },
  maxItems: MEMORY_LIMITS.tags,
};

/**
 * The tools as `tools/list` shows them. Input schemas are written out (not
 * generated) to stay small and free of `$ref`/`anyOf`, which some model
 * providers refuse in tool definitions; the arguments are validated with the
 * zod schemas of durable-objects/agent-memory-rpc.ts.
 */
export const MEMORY_TOOLS = [
  {
    name: "save_memory",
    title: "Save memory",
    description:
      "Save a note to this agent's long-term memory, shared by all of its sessions. Secrets (API keys, tokens, " +
      "passwords, private keys, connection strings) are replaced by [REDACTED:<kind>] before storing. Pass a key " +
      "to update that note in place instead of adding another.",
    inputSchema: {
      type: "object",
      properties: {
        text: { type: "string", minLength: 1, maxLength: MEMORY_LIMITS.textChars, description: "The note." },
        tags: { ...tagsInput, description: "Labels to filter by later, e.g. ['repo', 'deploy']." },
        key: {
          type: "string",
          minLength: 1,
          maxLength: MEMORY_LIMITS.keyChars,
          description: "Stable name of the note; saving again with the same key replaces it.",
        },
      },
      required: ["text"],
      additionalProperties: false,
    },
  },
  {
    name: "search_memory",
    title: "Search memory",
    description:
      "Full-text search over this agent's saved notes, best match first; optionally only notes with all given tags.",
    inputSchema: {
      type: "object",
      properties: {
        query: { type: "string", maxLength: MEMORY_LIMITS.queryChars, description: "Words to look for." },
        tags: { ...tagsInput, description: "Only notes carrying all of these tags." },
        limit: { type: "integer", minimum: 1, maximum: MEMORY_LIMITS.searchResults, description: "Default 10." },
      },
      required: ["query"],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: "get_memory_block",
    title: "Read memory block",
    description: "Read a structured memory block (e.g. 'customer.preferences') with its JSON schema and version.",
    inputSchema: {
      type: "object",
      properties: { name: { type: "string", description: "Dotted block name, e.g. 'repo.conventions'." } },
      required: ["name"],
      additionalProperties: false,
    },
    annotations: { readOnlyHint: true },
  },
  {
    name: "update_memory_block",
    title: "Update memory block",
    description:
      "Replace a structured memory block's value. The value must satisfy the block's JSON schema (supported: type, " +
      "properties, required, additionalProperties, items, minItems, maxItems, enum, const, minLength, maxLength, " +
      "minimum, maximum, exclusiveMinimum, exclusiveMaximum). A new block needs a schema; passing one replaces it.",
    inputSchema: {
      type: "object",
      properties: {
        name: { type: "string", description: "Dotted block name, e.g. 'customer.preferences'." },
        value: { description: "The new value: any JSON." },
        schema: { type: "object", description: "JSON schema for the block; required when creating it." },
      },
      required: ["name", "value"],
      additionalProperties: false,
    },
  },
] as const;

export type MemoryToolName = (typeof MEMORY_TOOLS)[number]["name"];

export function isMemoryToolName(name: string): name is MemoryToolName {
  return MEMORY_TOOLS.some((tool) => tool.name === name);
}

function success(structured: Record<string, unknown>): ToolCallResult {
  return {
    content: [{ type: "text", text: JSON.stringify(structured) }],
    structuredContent: structured,
    isError: false,
  };
}

/** A failure the model can act on: it sees the message as the tool's output. */
function failure(message: string): ToolCallResult {
  return { content: [{ type: "text", text: message }], isError: true };
}

function parseArguments<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): { ok: true; value: z.output<Schema> } | { ok: false; result: ToolCallResult } {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, result: failure(zodErrorToGatewayError(parsed.error).message) };
}

const getBlockArgumentsSchema = z.strictObject({ name: blockNameSchema });

/** Runs one tool against the agent's own memory object; argument and domain failures come back as `isError`. */
export async function callMemoryTool(
  memory: DurableObjectStub<AgentMemory>,
  name: MemoryToolName,
  input: unknown,
): Promise<ToolCallResult> {
  switch (name) {
    case "save_memory": {
      const parsed = parseArguments(saveMemoryInputSchema, input);
      if (!parsed.ok) return parsed.result;
      const saved = await memory.saveMemory(parsed.value);
      if (!saved.ok)
        return failure(`Memory is full (${saved.limit} notes). Update notes by key instead of adding more.`);
      return success({ id: saved.id, key: saved.memory.key, created: saved.created, redactions: saved.redactions });
    }
    case "search_memory": {
      const parsed = parseArguments(searchMemoryInputSchema, input);
      if (!parsed.ok) return parsed.result;
      const found = await memory.searchMemory(parsed.value);
      return success({
        results: found.results.map((hit) => ({
          id: hit.id,
          key: hit.key,
          text: hit.text,
          tags: hit.tags,
          score: hit.score,
          updatedAt: new Date(hit.updatedAt).toISOString(),
        })),
      });
    }
    case "get_memory_block": {
      const parsed = parseArguments(getBlockArgumentsSchema, input);
      if (!parsed.ok) return parsed.result;
      const found = await memory.getBlock(parsed.value.name);
      if (!found.ok)
        return failure(`No memory block named '${parsed.value.name}'. Create it with update_memory_block.`);
      const { block } = found;
      return success({ ...block, updatedAt: new Date(block.updatedAt).toISOString() });
    }
    case "update_memory_block": {
      const parsed = parseArguments(updateBlockInputSchema, input);
      if (!parsed.ok) return parsed.result;
      const updated = await memory.updateBlock(parsed.value);
      if (!updated.ok) {
        const more = updated.violations.slice(1).map((violation) => `'${violation.path}': ${violation.message}`);
        return failure([updated.message, ...(more.length === 0 ? [] : [`Also: ${more.join("; ")}.`])].join(" "));
      }
      return success({
        name: updated.block.name,
        version: updated.block.version,
        created: updated.created,
        redactions: updated.redactions,
      });
    }
    default: {
      const unreachable: never = name;
      return unreachable;
    }
  }
}
