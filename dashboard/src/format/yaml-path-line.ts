/**
 * The line of a block-style YAML document a validation path points at (`model_list[1].litellm_params.rpm`),
 * so config errors can name a line. A best effort for the config.yaml shapes people write: when the path
 * ends in a key that is missing (often the problem itself), the line of its nearest present ancestor;
 * null when not even the first segment is found (flow style, anchors).
 */
type Segment = string | number;

interface Line {
  /** Column of the first character after indentation and any `- ` markers. */
  content: number;
  /** Column of the first `- ` marker, when the line starts a sequence item. */
  dash: number | null;
  text: string;
}

function segmentsOf(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[1] !== undefined) segments.push(/^\d+$/.test(match[1]) ? Number(match[1]) : match[1]);
  }
  return segments;
}

function lineOf(text: string): Line | null {
  const marker = /^(\s*)((?:-\s+)*)/.exec(text);
  const indent = marker?.[1]?.length ?? 0;
  const dashes = marker?.[2] ?? "";
  const rest = text.slice(indent + dashes.length);
  if (rest === "" && dashes === "") return null;
  if (rest.startsWith("#")) return null;
  return { content: indent + dashes.length, dash: dashes === "" ? null : indent, text: rest };
}

/** Lines after `from` that belong to a node whose own column is `column` (deeper content, or its sequence). */
function regionEnd(lines: Array<Line | null>, from: number, column: number, sequenceColumn: number | null): number {
  for (let index = from + 1; index < lines.length; index++) {
    const line = lines[index];
    if (line === null || line === undefined) continue;
    const start = line.dash ?? line.content;
    if (start > column) continue;
    if (sequenceColumn !== null && line.dash === sequenceColumn) continue;
    return index;
  }
  return lines.length;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function yamlPathLine(source: string, path: string): number | null {
  const lines = source.split("\n").map(lineOf);
  const segments = segmentsOf(path);
  if (segments.length === 0) return null;
  let start = 0;
  let end = lines.length;
  let deepest: number | null = null;
  for (const segment of segments) {
    const first = lines.slice(start, end).find((line) => line !== null);
    if (first === undefined || first === null) return deepest === null ? null : deepest + 1;
    let found: number | null = null;
    if (typeof segment === "string") {
      // Keys of this mapping sit at the column of its first line; deeper lines belong to values.
      const column = first.content;
      const keyPattern = new RegExp(`^["']?${escapeRegExp(segment)}["']?\\s*:(\\s|$)`);
      for (let index = start; index < end; index++) {
        const line = lines[index];
        if (line === null || line === undefined || line.content !== column || !keyPattern.test(line.text)) continue;
        const next = lines.slice(index + 1, end).find((candidate) => candidate !== null);
        // `key:` followed by `- item` at the key's own column is a sequence that belongs to the key.
        const sequenceColumn = next?.dash === line.content ? line.content : null;
        found = index;
        end = regionEnd(lines, index, line.content, sequenceColumn);
        start = index + 1;
        break;
      }
    } else {
      const column = first.dash;
      if (column === null) return deepest === null ? null : deepest + 1;
      let seen = -1;
      for (let index = start; index < end; index++) {
        const line = lines[index];
        if (line === null || line === undefined || line.dash !== column) continue;
        seen += 1;
        if (seen !== segment) continue;
        found = index;
        end = regionEnd(lines, index, column, null);
        start = index;
        // The item's first key sits on the dash line itself.
        lines[index] = { ...line, dash: null };
        break;
      }
    }
    if (found === null) break;
    deepest = found;
  }
  return deepest === null ? null : deepest + 1;
}
