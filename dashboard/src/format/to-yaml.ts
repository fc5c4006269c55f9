/**
 * JSON → block-style YAML for showing the active config the way it was written (LiteLLM's
 * config.yaml). Only what JSON holds: objects, arrays, strings, numbers, booleans, null. Strings
 * that YAML would read as something else are double-quoted (JSON's escapes are valid YAML).
 */
const PLAIN_STRING = /^[A-Za-z_/.][\w./@:+-]*( [\w./@:+-]+)*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function scalar(value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (typeof value !== "string") return String(value);
  return PLAIN_STRING.test(value) && !RESERVED.test(value) && !value.includes(": ") ? value : JSON.stringify(value);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const keyText = (key: string) => (PLAIN_STRING.test(key) && !RESERVED.test(key) ? key : JSON.stringify(key));

function lines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item) => {
      const inner =
        isObject(item) || Array.isArray(item) ? lines(item, `${indent}  `) : [`${indent}  ${scalarOf(item)}`];
      const [first = "", ...rest] = inner;
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (isObject(value)) {
    const entries = Object.entries(value).filter(([, inner]) => inner !== undefined);
    if (entries.length === 0) return [`${indent}{}`];
    return entries.flatMap(([key, inner]) => {
      if (isObject(inner) && Object.keys(inner).length > 0)
        return [`${indent}${keyText(key)}:`, ...lines(inner, `${indent}  `)];
      if (Array.isArray(inner) && inner.length > 0)
        return [`${indent}${keyText(key)}:`, ...lines(inner, `${indent}  `)];
      const text = isObject(inner) ? "{}" : Array.isArray(inner) ? "[]" : scalarOf(inner);
      return [`${indent}${keyText(key)}: ${text}`];
    });
  }
  return [`${indent}${scalarOf(value)}`];
}

function scalarOf(value: unknown): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) {
    return scalar(value);
  }
  return JSON.stringify(value) ?? "null";
}

export function toYaml(value: unknown): string {
  return `${lines(value, "").join("\n")}\n`;
}
