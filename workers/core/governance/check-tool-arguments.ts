import { matchesJsonType } from "../json/matches-json-type.ts";
import type { ArgumentConstraint } from "./tool-policy-schema.ts";

/** The first argument that breaks a constraint, in words the agent and the audit log can both read. */
export interface ArgumentViolation {
  argument: string;
  message: string;
}

const MISSING = Symbol("missing");
const compiled = new Map<string, RegExp>();

/** Patterns are compiled once per isolate; the schema has already proved they compile. */
function regexOf(source: string): RegExp {
  let regex = compiled.get(source);
  if (regex === undefined) {
    regex = new RegExp(source, "u");
    if (compiled.size > 1000) compiled.clear();
    compiled.set(source, regex);
  }
  return regex;
}

function valueAt(args: Record<string, unknown>, path: string): unknown {
  let current: unknown = args;
  for (const segment of path.split(".")) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return MISSING;
    if (!Object.hasOwn(current, segment)) return MISSING;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * The text a text constraint reads: a string as it is, anything else as its JSON, so a refused word
 * cannot be slipped past `notContains` inside an array or object. NFKC folds look-alike forms
 * (full-width letters) into the ones the policy names.
 */
function textOf(value: unknown): string {
  return (typeof value === "string" ? value : JSON.stringify(value)).normalize("NFKC");
}

function violation(value: unknown, constraint: ArgumentConstraint): string | undefined {
  if (constraint.type !== undefined && !matchesJsonType(value, constraint.type))
    return `must be of type ${constraint.type}`;
  if (constraint.enum !== undefined && !constraint.enum.some((allowed) => allowed === value))
    return `must be one of ${JSON.stringify(constraint.enum)}`;
  if (typeof value === "string") {
    const length = [...value].length;
    if (constraint.minLength !== undefined && length < constraint.minLength)
      return `must be at least ${constraint.minLength} characters long`;
    if (constraint.maxLength !== undefined && length > constraint.maxLength)
      return `must be at most ${constraint.maxLength} characters long`;
  }
  if (typeof value === "number") {
    if (constraint.minimum !== undefined && value < constraint.minimum) return `must be at least ${constraint.minimum}`;
    if (constraint.maximum !== undefined && value > constraint.maximum) return `must be at most ${constraint.maximum}`;
  }
  const needsText =
    constraint.pattern !== undefined || constraint.notPattern !== undefined || constraint.notContains !== undefined;
  if (!needsText) return undefined;
  const text = textOf(value);
  if (constraint.pattern !== undefined && !regexOf(constraint.pattern).test(text))
    return `must match the pattern ${constraint.pattern}`;
  if (constraint.notPattern !== undefined && regexOf(constraint.notPattern).test(text))
    return `must not match the pattern ${constraint.notPattern}`;
  const lower = text.toLowerCase();
  const refused = constraint.notContains?.find((word) => lower.includes(word.normalize("NFKC").toLowerCase()));
  if (refused !== undefined) return `must not contain '${refused}'`;
  return undefined;
}

/** The first constraint the arguments break, or undefined when they satisfy all of them. */
export function checkToolArguments(
  args: Record<string, unknown>,
  constraints: Record<string, ArgumentConstraint>,
): ArgumentViolation | undefined {
  for (const [argument, constraint] of Object.entries(constraints)) {
    const value = valueAt(args, argument);
    if (value === MISSING) {
      if (constraint.required === true) return { argument, message: `'${argument}' is required` };
      continue;
    }
    const message = violation(value, constraint);
    if (message !== undefined) return { argument, message: `'${argument}' ${message}` };
  }
  return undefined;
}
