import type { IrUnmappedField } from "../../ir/request.ts";

/**
 * Unmapped fields that came from an Anthropic client can be sent to an
 * Anthropic upstream as they were (`context_management`, `thinking.display`,
 * `tools[3].defer_loading`, …): that is the one target where they keep their
 * meaning. The IR does not record where a field came from, so the parser tags
 * the field objects it creates; a tag is lost if the IR is cloned, and the
 * field is then treated like any other unmapped one (drop or 400).
 * Recommended IR change: `IrUnmappedField.format`.
 */
const fromAnthropicClient = new WeakSet<IrUnmappedField>();

export function anthropicUnmapped(path: string, value: unknown): IrUnmappedField {
  const field: IrUnmappedField = { path, value };
  fromAnthropicClient.add(field);
  return field;
}

export type FieldPath = Array<string | number>;

/** `tools[3].defer_loading` → ["tools", 3, "defer_loading"]. */
export function parseFieldPath(path: string): FieldPath {
  const segments: FieldPath = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[1] !== undefined) segments.push(match[1]);
  }
  return segments;
}

/**
 * Whether an unmapped field can be re-attached to an Anthropic body at the same
 * path. Fields inside `messages` cannot: the builder splits, folds and merges
 * messages, so inbound positions do not survive.
 */
export function canPassThroughToAnthropic(field: IrUnmappedField): boolean {
  if (!fromAnthropicClient.has(field)) return false;
  const first = parseFieldPath(field.path)[0];
  return first !== undefined && first !== "messages";
}

/**
 * Writes `value` at `path` inside `body`, creating plain objects on the way.
 * Returns false when the path crosses an array element that does not exist
 * (e.g. the tool it belonged to was dropped).
 */
export function setAtPath(body: Record<string, unknown>, path: FieldPath, value: unknown): boolean {
  let target: unknown = body;
  for (let index = 0; index < path.length; index++) {
    const segment = path[index];
    if (segment === undefined || typeof target !== "object" || target === null) return false;
    const container = target as Record<string | number, unknown>;
    if (index === path.length - 1) {
      container[segment] = value;
      return true;
    }
    if (typeof path[index + 1] === "number") {
      if (!Array.isArray(container[segment])) return false;
    } else if (typeof container[segment] !== "object" || container[segment] === null) {
      container[segment] = {};
    }
    target = container[segment];
  }
  return false;
}
