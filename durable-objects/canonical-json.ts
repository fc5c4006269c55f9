import type { JsonValue } from "./audit-log-rpc.ts";

/**
 * JSON with object keys sorted (recursively) and no whitespace, so the same
 * value always serializes to the same text: what the audit chain hashes.
 * Numbers and strings use ECMAScript's own formatting, as RFC 8785 (JCS) does.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const members = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const inner = value[key];
      return inner === undefined ? [] : [`${JSON.stringify(key)}:${canonicalJson(inner)}`];
    });
  return `{${members.join(",")}}`;
}
