import type { JsonValue } from "../../../durable-objects/audit-log-rpc.ts";
import { keyDisplayPrefix } from "../../core/auth/virtual-key.ts";
import { redactSecrets } from "../../core/redaction/redact-secrets.ts";

/** Fields whose values are credentials, in LiteLLM bodies and configs (`api_key`, `aws_secret_access_key`, `key`). */
const SECRET_FIELD =
  /(^|_)(key|keys|api_key|master_key|secret|secrets|token|tokens|password|credentials|authorization|access_key_id)$/i;
/** A virtual or provider key anywhere in a string, even inside free text such as metadata. */
const KEY_LOOKALIKE = /sk-[A-Za-z0-9_-]{16,}/g;
/** A SHA-256 in hex: how keys are referenced once issued; not a secret. */
const SHA256_HEX = /^[0-9a-f]{64}$/;

const MAX_STRING = 300;
const MAX_ITEMS = 50;
const MAX_DEPTH = 6;

/** What an audit entry keeps of a secret: a key's display prefix (`sk-...wxyz`), a hash, an env reference, or nothing. */
function secretView(value: string): string {
  if (value.startsWith("sk-")) return keyDisplayPrefix(value);
  if (SHA256_HEX.test(value) || value.startsWith("os.environ/")) return value;
  return "[REDACTED]";
}

/** Free text (memory notes, metadata): virtual keys keep their display prefix; every other secret kind is scrubbed. */
function plainString(value: string): string {
  const masked = redactSecrets(value.replace(KEY_LOOKALIKE, (key) => keyDisplayPrefix(key))).text;
  return masked.length <= MAX_STRING ? masked : `${masked.slice(0, MAX_STRING)}…[${masked.length} chars]`;
}

function redact(value: unknown, secret: boolean, depth: number): JsonValue {
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string") return secret ? secretView(value) : plainString(value);
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => redact(item, secret, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`…[${value.length - MAX_ITEMS} more]`);
    return items;
  }
  if (typeof value === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [field, inner] of Object.entries(value)) {
      if (inner === undefined) continue;
      out[field] = redact(inner, secret || SECRET_FIELD.test(field), depth + 1);
    }
    return out;
  }
  return null;
}

/**
 * A body (or query, or result) as an audit entry may keep it: credentials
 * reduced to a key's display prefix or removed, key look-alikes masked inside
 * any string, long strings and arrays cut. Never throws on odd input.
 */
export function redactAuditDetails(value: unknown): JsonValue {
  return redact(value, false, 0);
}
