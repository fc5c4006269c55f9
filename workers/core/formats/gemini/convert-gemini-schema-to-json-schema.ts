/**
 * Gemini's legacy `Schema` (an OpenAPI 3.0 subset: `type: "OBJECT"`,
 * `nullable: true`, `propertyOrdering`; https://ai.google.dev/api/caching#Schema)
 * → JSON Schema, for `parameters` and `responseSchema`. Types are lowercased,
 * `nullable` becomes a `"null"` type, and the Gemini-only `propertyOrdering`
 * hint is dropped; every other keyword has the same meaning in JSON Schema.
 */
export function convertGeminiSchemaToJsonSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    switch (key) {
      case "type":
        out.type = typeof value === "string" ? value.toLowerCase() : value;
        break;
      case "nullable":
      case "propertyOrdering":
        break;
      case "properties":
        out.properties = isObject(value) ? mapValues(value, convertChild) : value;
        break;
      case "items":
        out.items = convertChild(value);
        break;
      case "anyOf":
        out.anyOf = Array.isArray(value) ? value.map(convertChild) : value;
        break;
      default:
        out[key] = value;
    }
  }
  if (schema.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  return out;
}

function convertChild(value: unknown): unknown {
  return isObject(value) ? convertGeminiSchemaToJsonSchema(value) : value;
}

function mapValues(object: Record<string, unknown>, convert: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, convert(value)]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
