import { z } from "zod";
import { zodErrorToGatewayError } from "../../workers/core/errors/zod-issue-to-error.ts";
import { MEMORY_LIMITS, type UpdateBlockResult } from "../agent-memory-rpc.ts";
import { type JsonSchemaSubset, jsonSchemaSubsetSchema } from "./json-schema-subset.ts";

type BlockRefusal = Extract<UpdateBlockResult, { ok: false }>;

/** A block schema in the supported subset, or a refusal naming the offending keyword's path (`schema.properties.x`). */
export function parseBlockSchema(schema: unknown): { ok: true; schema: JsonSchemaSubset } | BlockRefusal {
  if (JSON.stringify(schema).length > MEMORY_LIMITS.blockSchemaChars) {
    return blockRefusal(
      "invalid_schema",
      "schema",
      `must be at most ${MEMORY_LIMITS.blockSchemaChars} characters as JSON`,
    );
  }
  const parsed = jsonSchemaSubsetSchema.safeParse(schema);
  if (parsed.success) return { ok: true, schema: parsed.data };
  // Re-rooted at `schema` so the message names the keyword as the caller sent it: `schema.properties.x`.
  const issues = parsed.error.issues.map((issue) => ({ ...issue, path: ["schema", ...issue.path] }));
  const error = zodErrorToGatewayError(new z.ZodError(issues));
  const path = error.param ?? "schema";
  return {
    ok: false,
    reason: "invalid_schema",
    path,
    message: error.message,
    violations: [{ path, message: error.message }],
  };
}

/** A refused block update with one violation. */
export function blockRefusal(
  reason: "invalid_schema" | "schema_required" | "invalid_value",
  path: string,
  problem: string,
): BlockRefusal {
  return {
    ok: false,
    reason,
    path,
    message: violationSentence({ path, message: problem }),
    violations: [{ path, message: problem }],
  };
}

/** `Invalid value for 'value.theme': expected one of "dark", "light".` — the shape of the gateway's other 400s. */
export function violationSentence(violation: { path: string; message: string }): string {
  return `Invalid value for '${violation.path}': ${violation.message}.`;
}
