import { z } from "zod";
import type { SecretKind } from "../workers/core/redaction/secret-kind.ts";

/**
 * The RPC surface of AgentMemory (durable-objects/agent-memory.ts): input
 * schemas shared by the object and its callers (admin REST, the MCP server),
 * which validate first and turn failures into 400s / tool errors; the object
 * parses again and treats a failure there as a bug.
 */
export const MEMORY_LIMITS = {
  textChars: 32_768,
  tags: 20,
  tagChars: 64,
  keyChars: 200,
  queryChars: 1_000,
  searchResults: 50,
  listPage: 200,
  /** Memories one agent may keep; a save beyond it is refused, never silently evicting old ones. */
  memories: 10_000,
  blockValueChars: 65_536,
  blockSchemaChars: 16_384,
} as const;

export const memoryTagSchema = z
  .string()
  .trim()
  .min(1)
  .max(MEMORY_LIMITS.tagChars)
  .regex(/^[^,]+$/, "tags cannot contain commas");
const memoryTagsSchema = z.array(memoryTagSchema).max(MEMORY_LIMITS.tags);

export const saveMemoryInputSchema = z.strictObject({
  text: z.string().trim().min(1).max(MEMORY_LIMITS.textChars),
  tags: memoryTagsSchema.optional(),
  key: z.string().trim().min(1).max(MEMORY_LIMITS.keyChars).optional(),
});
export type SaveMemoryInput = z.input<typeof saveMemoryInputSchema>;

export const searchMemoryInputSchema = z.strictObject({
  query: z.string().max(MEMORY_LIMITS.queryChars),
  tags: memoryTagsSchema.optional(),
  limit: z.int().min(1).max(MEMORY_LIMITS.searchResults).optional(),
});
export type SearchMemoryInput = z.input<typeof searchMemoryInputSchema>;

export const listMemoryInputSchema = z.strictObject({
  tags: memoryTagsSchema.optional(),
  limit: z.int().min(1).max(MEMORY_LIMITS.listPage).optional(),
  offset: z.int().min(0).optional(),
});
export type ListMemoryInput = z.input<typeof listMemoryInputSchema>;

/** Dotted names like `customer.preferences`, `repo.conventions`. */
export const blockNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, "use letters, digits, '_' and '-', in '.'-separated segments");

export const updateBlockInputSchema = z.strictObject({
  name: blockNameSchema,
  /** Checked against the supported subset by the object, which names the offending keyword's path. */
  schema: z.record(z.string(), z.json()).optional(),
  value: z.json(),
});
export type UpdateBlockInput = z.input<typeof updateBlockInputSchema>;

export const openMcpSessionInputSchema = z.strictObject({
  protocolVersion: z.string().min(1).max(32),
  clientName: z.string().max(200).nullable(),
  now: z.number(),
});
export const touchMcpSessionInputSchema = z.strictObject({ sessionId: z.string().min(1).max(200), now: z.number() });

export interface MemoryRecord {
  id: string;
  key: string | null;
  text: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

export type SaveMemoryResult =
  | { ok: true; id: string; created: boolean; redactions: SecretKind[]; memory: MemoryRecord }
  | { ok: false; reason: "memory_full"; limit: number };

/** `score` is bm25 negated: higher is better; only the order is meaningful. */
export type SearchMemoryResult = { ok: true; results: Array<MemoryRecord & { score: number }> };
export type ListMemoryResult = { ok: true; memories: MemoryRecord[]; total: number };
export type DeleteMemoryResult = { ok: true } | { ok: false; reason: "not_found" };

/** Any JSON value, typed shallowly: RPC's type mapping cannot follow a recursive JSON type. */
export type JsonLike = string | number | boolean | null | object;

export interface MemoryBlock {
  name: string;
  /**
   * The block's JSON schema (the subset in durable-objects/agent-memory/json-schema-subset.ts). Schema and
   * value are typed loosely on purpose: RPC's type mapping cannot follow recursive types.
   */
  schema: { [keyword: string]: JsonLike };
  value: JsonLike;
  version: number;
  updatedAt: number;
}

export type GetBlockResult = { ok: true; block: MemoryBlock } | { ok: false; reason: "not_found" };

/** A refused update names the path at fault: `schema.properties.theme.pattern`, `value.preferences.theme`. */
export type UpdateBlockResult =
  | { ok: true; created: boolean; redactions: SecretKind[]; block: MemoryBlock }
  | {
      ok: false;
      reason: "invalid_schema" | "schema_required" | "invalid_value";
      path: string;
      message: string;
      violations: Array<{ path: string; message: string }>;
    };

export type TouchMcpSessionResult = { ok: true; protocolVersion: string } | { ok: false; reason: "not_found" };

/** Inputs were validated by the caller: a failure here is a bug, reported as one. */
export function parseMemoryRpcInput<Schema extends z.ZodType>(
  method: string,
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Error(`AgentMemory.${method}: invalid input: ${z.prettifyError(result.error)}`);
  return result.data;
}
