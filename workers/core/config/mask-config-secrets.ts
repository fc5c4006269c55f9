/**
 * A copy of a config safe to show: literal secrets are masked, while
 * `os.environ/NAME` references stay visible (they name a secret, not its value).
 */
const SECRET_KEY = /(^|_)(api_key|master_key|key|secret|token|password|credentials)$/i;

export function maskConfigSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskConfigSecrets);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === "string" && SECRET_KEY.test(key) && !inner.startsWith("os.environ/")) {
      out[key] = inner.length <= 4 ? "****" : `${inner.slice(0, 2)}****${inner.slice(-2)}`;
    } else {
      out[key] = maskConfigSecrets(inner);
    }
  }
  return out;
}
