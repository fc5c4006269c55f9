/** Whole values that documentation uses instead of a real credential. */
const PLACEHOLDER_WORDS = new Set([
  "password",
  "passwd",
  "pass",
  "pwd",
  "secret",
  "token",
  "apikey",
  "api_key",
  "changeme",
  "example",
  "redacted",
  "none",
  "null",
  "undefined",
]);

/** Fragments no generated secret contains by chance, but templates, docs and references do. */
const PLACEHOLDER_FRAGMENTS = [
  "example", // AWS's AKIAIOSFODNN7EXAMPLE, `sk-example…`
  "your_",
  "your-",
  "yourkey",
  "changeme",
  "placeholder",
  "dummy",
  "redacted", // already scrubbed: keeps redaction idempotent
  "xxxxx",
  "*****",
  "•••",
  "...",
  "…",
  "<",
  ">",
  "${",
  "{{",
  "%(",
];

/**
 * True for values that only stand in for a secret: `sk-...`, `YOUR_API_KEY`,
 * `<password>`, `${DB_PASSWORD}`, Slack's `XXXXXXXX` webhook, AWS's `…EXAMPLE`
 * keys, `[REDACTED:…]`, and strings too repetitive to be random (`aaaa…`, `0000…`).
 */
export function looksLikePlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower)) return true;
  if (PLACEHOLDER_FRAGMENTS.some((fragment) => lower.includes(fragment))) return true;
  const distinct = new Set(value).size;
  return value.length >= 8 && distinct < Math.min(8, value.length / 2);
}

/** Values that point at a secret rather than contain one: env lookups, template variables, code. */
export function looksLikeReference(value: string): boolean {
  return /^(?:\$|%|@|process\.env|os\.environ|env[.:(]|secrets\.|vault:|ref\+|arn:)/i.test(value);
}
