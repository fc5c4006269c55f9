import type { IrRequest, IrTool, IrToolChoice } from "../ir/request.ts";

/**
 * The tools a model call offered, as a session keeps them for replays: agents send the same
 * definitions on every call, so the session object stores each distinct set once, keyed by the
 * SHA-256 of this JSON, and each span names its set by that hash.
 */
export interface SessionToolDefinitions {
  tools: IrTool[];
  toolChoice: IrToolChoice | null;
}

/** Longest tool set JSON a session stores; Durable Object SQLite rows are limited to 2 MB. */
export const MAX_TOOL_DEFINITIONS_CHARS = 1_500_000;

/** The request's tools and tool choice as JSON; undefined when it offered none. */
export function toolDefinitionsJsonOf(request: IrRequest): string | undefined {
  if (request.tools.length === 0 && request.toolChoice === undefined) return undefined;
  const definitions: SessionToolDefinitions = { tools: request.tools, toolChoice: request.toolChoice ?? null };
  return JSON.stringify(definitions);
}
