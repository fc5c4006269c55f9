import { SECRET_DETECTORS } from "./secret-detectors.ts";
import type { SecretKind } from "./secret-kind.ts";

/** One redacted span, as offsets into the text that was scrubbed (not into the result). */
export interface SecretFinding {
  kind: SecretKind;
  start: number;
  end: number;
}

export interface RedactionResult {
  text: string;
  findings: SecretFinding[];
}

/**
 * Replaces every secret in `text` with `[REDACTED:<kind>]`. Detectors run in
 * priority order (workers/core/redaction/secret-detectors.ts); a span already
 * claimed by an earlier detector is not claimed again, so each secret is
 * reported once, under its most specific kind. Idempotent: a scrubbed text
 * scrubs to itself.
 */
export function redactSecrets(text: string): RedactionResult {
  const findings: SecretFinding[] = [];
  for (const detector of SECRET_DETECTORS) {
    // matchAll works on a copy of the regex, so the shared detectors carry no lastIndex state.
    for (const match of text.matchAll(detector.pattern)) {
      const span = match.indices?.groups?.secret ?? match.indices?.[0];
      if (span === undefined) continue;
      const [start, end] = span;
      if (start === end) continue;
      if (findings.some((finding) => start < finding.end && finding.start < end)) continue;
      if (detector.accept !== undefined && !detector.accept(text.slice(start, end))) continue;
      findings.push({ kind: detector.kind, start, end });
    }
  }
  if (findings.length === 0) return { text, findings };
  findings.sort((left, right) => left.start - right.start);
  let redacted = "";
  let cursor = 0;
  for (const finding of findings) {
    redacted += `${text.slice(cursor, finding.start)}[REDACTED:${finding.kind}]`;
    cursor = finding.end;
  }
  return { text: redacted + text.slice(cursor), findings };
}

/** The distinct kinds of a redaction's findings, in order of first appearance. */
export function findingKinds(findings: readonly SecretFinding[]): SecretKind[] {
  return [...new Set(findings.map((finding) => finding.kind))];
}
