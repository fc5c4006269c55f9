import { describe, expect, it } from "vitest";
import { redactJsonSecrets } from "../../../workers/core/redaction/redact-json-secrets.ts";
import { redactSecrets, type SecretFinding } from "../../../workers/core/redaction/redact-secrets.ts";
import { SECRET_KINDS, type SecretKind } from "../../../workers/core/redaction/secret-kind.ts";
import lookAlikesText from "../../fixtures/redaction/look-alikes.txt?raw";
import truePositivesText from "../../fixtures/redaction/true-positives.txt?raw";

interface CorpusCase {
  header: string;
  body: string;
}

/** `=== header` starts a case; lines before the first case are comments; `‸` only fools secret scanners. */
function readCorpus(text: string): CorpusCase[] {
  const cases: Array<{ header: string; lines: string[] }> = [];
  for (const line of text.replaceAll("‸", "").split("\n")) {
    if (line.startsWith("=== ")) cases.push({ header: line.slice(4).trim(), lines: [] });
    else cases.at(-1)?.lines.push(line);
  }
  return cases.map((entry) => ({ header: entry.header, body: entry.lines.join("\n").replace(/\n+$/, "") }));
}

function isSecretKind(kind: string): kind is SecretKind {
  return (SECRET_KINDS as readonly string[]).includes(kind);
}

/** Strips the «» markers, returning the plain text and where each marked secret sits in it. */
function unmark(body: string, kinds: SecretKind[]): { text: string; expected: SecretFinding[] } {
  const expected: SecretFinding[] = [];
  let text = "";
  let rest = body;
  for (const kind of kinds) {
    const open = rest.indexOf("«");
    const close = rest.indexOf("»", open);
    if (open < 0 || close < 0) throw new Error(`case for ${kind} lacks a «» secret`);
    text += rest.slice(0, open);
    const secret = rest.slice(open + 1, close);
    expected.push({ kind, start: text.length, end: text.length + secret.length });
    text += secret;
    rest = rest.slice(close + 1);
  }
  if (rest.includes("«")) throw new Error("more «» secrets than kinds");
  return { text: text + rest, expected };
}

const truePositives = readCorpus(truePositivesText).map((entry) => {
  const kinds = entry.header.split(",").map((kind) => kind.trim());
  const known = kinds.filter(isSecretKind);
  if (known.length !== kinds.length) throw new Error(`unknown kind in '${entry.header}'`);
  return { name: entry.header, ...unmark(entry.body, known) };
});
const lookAlikes = readCorpus(lookAlikesText);

describe("redactSecrets on the true-positive corpus", () => {
  it("has a case for every kind", () => {
    const covered = new Set(truePositives.flatMap((entry) => entry.expected.map((finding) => finding.kind)));
    expect(SECRET_KINDS.filter((kind) => !covered.has(kind))).toEqual([]);
  });

  it.each(truePositives.map((entry, index) => [`${index + 1}: ${entry.name}`, entry] as const))(
    "redacts exactly the secret in case %s",
    (_name, entry) => {
      const result = redactSecrets(entry.text);
      expect(result.findings).toEqual(entry.expected);
      let expectedText = entry.text;
      for (const finding of [...entry.expected].reverse()) {
        expectedText = `${expectedText.slice(0, finding.start)}[REDACTED:${finding.kind}]${expectedText.slice(finding.end)}`;
      }
      expect(result.text).toBe(expectedText);
    },
  );

  it("redacts every secret when the whole corpus is one text, and scrubbing again changes nothing", () => {
    const whole = truePositives.map((entry) => entry.text).join("\n\n");
    const result = redactSecrets(whole);
    expect(result.findings.map((finding) => finding.kind)).toEqual(
      truePositives.flatMap((entry) => entry.expected.map((finding) => finding.kind)),
    );
    expect(redactSecrets(result.text)).toEqual({ text: result.text, findings: [] });
  });
});

describe("redactSecrets on the look-alike corpus", () => {
  it.each(lookAlikes.map((entry) => [entry.header, entry.body] as const))("leaves '%s' untouched", (_name, body) => {
    expect(redactSecrets(body)).toEqual({ text: body, findings: [] });
  });

  it("leaves the whole corpus untouched as one text", () => {
    const whole = lookAlikes.map((entry) => entry.body).join("\n\n");
    expect(redactSecrets(whole).findings).toEqual([]);
  });
});

describe("redactSecrets on large inputs", () => {
  it("scans a 256 KiB unbroken run of key characters without backtracking blow-up", () => {
    let seed = 7;
    let run = "";
    while (run.length < 262_144) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      run += "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"[seed % 63];
    }
    const text = `token = ${run}(`;
    expect(redactSecrets(text)).toEqual({ text, findings: [] });
  });
});

describe("redactJsonSecrets", () => {
  const password = "Zx8vQ2mLp4NrT7wYk1Bd";

  it("recognises a secret by its JSON key and keeps the value's shape", () => {
    const value = { customer: "acme", database: { password, port: 5432 }, notes: ["hello"] };
    expect(redactJsonSecrets(value)).toEqual({
      value: { customer: "acme", database: { password: "[REDACTED:password]", port: 5432 }, notes: ["hello"] },
      kinds: ["password"],
    });
  });

  it("returns the very same value when nothing is secret", () => {
    const value = { theme: "dark", shortcuts: ["ctrl+k"] };
    const result = redactJsonSecrets(value);
    expect(result.value).toBe(value);
    expect(result.kinds).toEqual([]);
  });
});
