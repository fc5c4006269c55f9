import { isSecretConfigField } from "../secrets/map-config-strings.ts";
import { ENVELOPE_PREFIX } from "../secrets/secret-envelope.ts";

function maskString(value: string, secret: boolean): string {
  if (value.startsWith(ENVELOPE_PREFIX)) return `${ENVELOPE_PREFIX}****`;
  if (!secret || value.startsWith("os.environ/")) return value;
  return value.length <= 4 ? "****" : `${value.slice(0, 2)}****${value.slice(-2)}`;
}

function mask(value: unknown, secret: boolean, section: string | undefined): unknown {
  if (typeof value === "string") return maskString(value, secret);
  if (Array.isArray(value)) return value.map((item) => mask(item, secret, undefined));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const secretField = secret || section === "environment_variables" || isSecretConfigField(key);
    out[key] = mask(inner, secretField, section === undefined ? key : section);
  }
  return out;
}

/**
 * A copy of a config safe to show: literal secrets are masked (the fields the sealing treats as secrets,
 * core/secrets/map-config-strings.ts, and every `environment_variables` value), while `os.environ/NAME`
 * references stay visible (they name a secret, not its value). Sealed secrets (`enc:v1:…`) show as
 * `enc:v1:****` wherever they are.
 */
export function maskConfigSecrets(value: unknown): unknown {
  return mask(value, false, undefined);
}
