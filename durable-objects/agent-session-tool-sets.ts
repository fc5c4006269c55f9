import { sha256Hex } from "../workers/core/auth/hash-key.ts";
import { redactJsonSecrets } from "../workers/core/redaction/redact-json-secrets.ts";
import { MAX_TOOL_DEFINITIONS_CHARS } from "../workers/core/session/session-tool-definitions.ts";

/**
 * The tool sets of an AgentSession (`tool_sets`, agent-session-schema.ts v4). Agents resend the same
 * definitions on every call, often tens of kilobytes: each distinct set is stored once, keyed by the
 * SHA-256 of the JSON the gateway sent, and redacted only when first seen.
 */

/** The set's key; null when there is none, or it is too large to keep in one row. */
export async function toolSetHashOf(json: string | undefined): Promise<string | null> {
  if (json === undefined || json.length > MAX_TOOL_DEFINITIONS_CHARS) return null;
  return sha256Hex(json);
}

/** Inserts the set unless it is already stored; call inside the recording transaction. */
export function storeToolSet(sql: SqlStorage, hash: string | null, json: string | undefined): void {
  if (hash === null || json === undefined) return;
  const known = sql.exec("SELECT 1 FROM tool_sets WHERE hash = ?", hash).toArray().length > 0;
  if (known) return;
  // The gateway serialized a typed value; redaction keeps its shape (redact-json-secrets.ts).
  const definition = JSON.stringify(redactJsonSecrets(JSON.parse(json)).value);
  sql.exec("INSERT INTO tool_sets (hash, definition) VALUES (?, ?)", hash, definition);
}

/** The stored JSON of a SessionToolDefinitions value; null when the set is not stored. */
export function readToolSet(sql: SqlStorage, hash: string): string | null {
  return (
    sql.exec<{ definition: string }>("SELECT definition FROM tool_sets WHERE hash = ?", hash).toArray()[0]
      ?.definition ?? null
  );
}
