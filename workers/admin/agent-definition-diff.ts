/**
 * Field-level difference between two agent definitions. Objects (`env`, `trace_policy`) are compared
 * key by key, so a change names its path (`env.LOG_LEVEL`, `trace_policy.bodies`); arrays and scalars
 * are compared whole. A field that is null or absent is "not set": setting it is `added`, clearing it
 * `removed`, anything else that differs `changed`.
 */
export interface AgentDefinitionDiff {
  added: Array<{ path: string; new: unknown }>;
  removed: Array<{ path: string; old: unknown }>;
  changed: Array<{ path: string; old: unknown; new: unknown }>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so key order never counts as a change. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Keys of both, in the order they appear: the old definition's first, then the ones only the new one has. */
function unionOfKeys(left: Record<string, unknown>, right: Record<string, unknown>): string[] {
  const keys = Object.keys(left);
  for (const key of Object.keys(right)) if (!Object.hasOwn(left, key)) keys.push(key);
  return keys;
}

function compare(path: string, older: unknown, newer: unknown, diff: AgentDefinitionDiff): void {
  if (isPlainObject(older) && isPlainObject(newer)) {
    for (const key of unionOfKeys(older, newer)) {
      compare(path === "" ? key : `${path}.${key}`, older[key], newer[key], diff);
    }
    return;
  }
  const olderSet = older !== undefined && older !== null;
  const newerSet = newer !== undefined && newer !== null;
  if (!olderSet && !newerSet) return;
  if (!olderSet) diff.added.push({ path, new: newer });
  else if (!newerSet) diff.removed.push({ path, old: older });
  else if (canonicalJson(older) !== canonicalJson(newer)) diff.changed.push({ path, old: older, new: newer });
}

export function diffAgentDefinitions(
  older: Record<string, unknown>,
  newer: Record<string, unknown>,
): AgentDefinitionDiff {
  const diff: AgentDefinitionDiff = { added: [], removed: [], changed: [] };
  compare("", older, newer, diff);
  return diff;
}

export function isEmptyDiff(diff: AgentDefinitionDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}
