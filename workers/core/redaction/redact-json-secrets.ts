import { findingKinds, redactSecrets } from "./redact-secrets.ts";
import type { SecretKind } from "./secret-kind.ts";

/**
 * Scrubs the strings of a JSON value. It scrubs the serialized text, not each
 * string alone, so that `{"password": "…"}` is recognised by its key the way
 * `password = …` is in prose. A replacement never contains a quote or a
 * backslash and no detector matches across a string's closing quote, so the
 * result parses again; should it not, each string is scrubbed on its own.
 */
export function redactJsonSecrets(value: unknown): { value: unknown; kinds: SecretKind[] } {
  const serialized = JSON.stringify(value);
  if (serialized === undefined) return { value, kinds: [] };
  const redaction = redactSecrets(serialized);
  if (redaction.findings.length === 0) return { value, kinds: [] };
  try {
    return { value: JSON.parse(redaction.text), kinds: findingKinds(redaction.findings) };
  } catch {
    const kinds = new Set<SecretKind>();
    const scrubbed = scrubStrings(value, kinds);
    return { value: scrubbed, kinds: [...kinds] };
  }
}

function scrubStrings(value: unknown, kinds: Set<SecretKind>): unknown {
  if (typeof value === "string") {
    const redaction = redactSecrets(value);
    for (const finding of redaction.findings) kinds.add(finding.kind);
    return redaction.text;
  }
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, kinds));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubStrings(item, kinds)]));
  }
  return value;
}
