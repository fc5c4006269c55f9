import { formatIssuePath } from "../../workers/core/errors/zod-issue-to-error.ts";
import { matchesJsonType } from "../../workers/core/json/matches-json-type.ts";
import type { JsonSchemaSubset } from "./json-schema-subset.ts";

/** One rule a value breaks, at a path like `value.preferences.languages[1]`. */
export interface JsonSchemaViolation {
  path: string;
  message: string;
}

/** Enough to fix a value; more would only repeat the same mistake. */
const MAX_VIOLATIONS = 20;

/**
 * Checks a JSON value against a schema of the supported subset
 * (durable-objects/agent-memory/json-schema-subset.ts), JSON Schema 2020-12
 * semantics: string lengths count code points, `integer` is any number
 * without a fraction, `enum`/`const` compare structurally. Returns every
 * violation (up to 20), in document order; none means valid.
 */
export function validateJsonValue(value: unknown, schema: JsonSchemaSubset, root = "value"): JsonSchemaViolation[] {
  const violations: JsonSchemaViolation[] = [];
  check(value, schema, [root], violations);
  return violations;
}

function check(value: unknown, schema: JsonSchemaSubset, path: PropertyKey[], out: JsonSchemaViolation[]): void {
  if (out.length >= MAX_VIOLATIONS) return;
  const fail = (message: string, at: PropertyKey[] = path) => {
    if (out.length < MAX_VIOLATIONS) out.push({ path: formatIssuePath(at), message });
  };
  if (schema.type !== undefined) {
    const allowed = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!allowed.some((type) => matchesJsonType(value, type))) {
      fail(`expected ${allowed.join(" or ")}, but got ${typeOf(value)}`);
      return;
    }
  }
  if (schema.const !== undefined && canonical(value) !== canonical(schema.const)) {
    fail(`must equal ${JSON.stringify(schema.const)}`);
  }
  if (schema.enum !== undefined && !schema.enum.some((option) => canonical(option) === canonical(value))) {
    fail(`expected one of ${schema.enum.map((option) => JSON.stringify(option)).join(", ")}`);
  }
  if (typeof value === "string") checkString(value, schema, fail);
  else if (typeof value === "number") checkNumber(value, schema, fail);
  else if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      fail(`must have at least ${schema.minItems} item(s)`);
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      fail(`must have at most ${schema.maxItems} item(s)`);
    }
    const items = schema.items;
    if (items !== undefined) {
      for (const [index, item] of value.entries()) check(item, items, [...path, index], out);
    }
  } else if (isObject(value)) checkObject(value, schema, path, out, fail);
}

function checkString(value: string, schema: JsonSchemaSubset, fail: (message: string) => void): void {
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    fail(`must be at least ${schema.minLength} character(s) long`);
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    fail(`must be at most ${schema.maxLength} character(s) long`);
  }
}

function checkNumber(value: number, schema: JsonSchemaSubset, fail: (message: string) => void): void {
  if (schema.minimum !== undefined && value < schema.minimum) fail(`must be at least ${schema.minimum}`);
  if (schema.maximum !== undefined && value > schema.maximum) fail(`must be at most ${schema.maximum}`);
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
    fail(`must be greater than ${schema.exclusiveMinimum}`);
  }
  if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
    fail(`must be less than ${schema.exclusiveMaximum}`);
  }
}

function checkObject(
  value: Record<string, unknown>,
  schema: JsonSchemaSubset,
  path: PropertyKey[],
  out: JsonSchemaViolation[],
  fail: (message: string, at?: PropertyKey[]) => void,
): void {
  for (const name of schema.required ?? []) {
    if (!Object.hasOwn(value, name)) fail("required property is missing", [...path, name]);
  }
  const properties = schema.properties ?? {};
  for (const [name, item] of Object.entries(value)) {
    const propertySchema = Object.hasOwn(properties, name) ? properties[name] : undefined;
    if (propertySchema !== undefined) check(item, propertySchema, [...path, name], out);
    else if (schema.additionalProperties === false)
      fail("property is not allowed (additionalProperties is false)", [...path, name]);
    else if (typeof schema.additionalProperties === "object")
      check(item, schema.additionalProperties, [...path, name], out);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** JSON with object keys sorted, so `{a, b}` equals `{b, a}` as JSON Schema's `enum`/`const` require. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
