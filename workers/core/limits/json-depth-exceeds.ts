/**
 * Whether parsed JSON nests arrays and objects deeper than `maxDepth` (a
 * top-level object is depth 1). Iterative, so the check itself cannot
 * overflow the stack on the input it guards against; it visits containers
 * only, so the cost follows the number of arrays and objects, not the bytes
 * of the strings that make up most of an agent's request.
 */
export function jsonDepthExceeds(value: unknown, maxDepth: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  const pending: unknown[] = [value];
  const depths: number[] = [1];
  for (;;) {
    const node = pending.pop();
    const depth = depths.pop();
    if (node === undefined || depth === undefined) return false;
    if (depth > maxDepth) return true;
    if (Array.isArray(node)) {
      for (const child of node) {
        if (typeof child === "object" && child !== null) {
          pending.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (typeof child === "object" && child !== null) {
          pending.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
}
