/**
 * A strict parser for the TOML subset the connect snippets write: comments, `[dotted.table]` headers,
 * bare keys and basic strings. Anything else throws, so a snippet that drifts from valid TOML fails
 * the test instead of being read leniently.
 */
type TomlTable = { [key: string]: string | TomlTable };

function tableAt(root: TomlTable, path: string[]): TomlTable {
  let table = root;
  for (const segment of path) {
    const next = table[segment] ?? {};
    if (typeof next === "string") throw new Error(`'${segment}' is a value, not a table`);
    table[segment] = next;
    table = next;
  }
  return table;
}

/** TOML basic strings may not hold U+0000–U+001F (tab aside) or DEL unescaped. */
function isControlCharacter(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (code < 0x20 && character !== "\t") || code === 0x7f;
}

export function parseSimpleToml(text: string): TomlTable {
  const root: TomlTable = {};
  const seenTables = new Set<string>();
  let current = root;
  for (const [index, line] of text.split("\n").entries()) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const header = /^\[([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\]$/.exec(trimmed);
    if (header !== null) {
      const name = header[1] ?? "";
      if (seenTables.has(name)) throw new Error(`line ${index + 1}: table [${name}] defined twice`);
      seenTables.add(name);
      current = tableAt(root, name.split("."));
      continue;
    }
    const pair = /^([A-Za-z0-9_-]+) = ("(?:[^"\\]|\\.)*")$/.exec(trimmed);
    if (pair === null) throw new Error(`line ${index + 1}: not a key = "string" pair: ${line}`);
    const key = pair[1] ?? "";
    const quoted = pair[2] ?? '""';
    if (/\\(?!["\\bfnrt]|u[0-9A-Fa-f]{4})/.test(quoted)) throw new Error(`line ${index + 1}: invalid escape`);
    if ([...quoted].some((character) => isControlCharacter(character))) {
      throw new Error(`line ${index + 1}: unescaped control character`);
    }
    if (Object.hasOwn(current, key)) throw new Error(`line ${index + 1}: duplicate key ${key}`);
    // TOML basic strings use JSON's escapes (the checks above admit no others).
    current[key] = JSON.parse(quoted) as string;
  }
  return root;
}
