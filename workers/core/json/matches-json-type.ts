/** The JSON Schema `type` names (2020-12). */
export const JSON_TYPE_NAMES = ["string", "number", "integer", "boolean", "object", "array", "null"] as const;
export type JsonTypeName = (typeof JSON_TYPE_NAMES)[number];

/** Whether `value` is of JSON Schema type `type`: `integer` is any number without a fraction, `object` no array. */
export function matchesJsonType(value: unknown, type: JsonTypeName): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "null":
      return value === null;
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}
