import fc from "fast-check";

/** A request body as it goes on the wire: text, raw bytes, or a chunked stream with no content-length. */
export type WireBody =
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "chunked"; bytes: Uint8Array; chunkSize: number };

export type JsonTemplate = Record<string, unknown>;
type Path = ReadonlyArray<string | number>;

/** A mutation that removes the field instead of replacing it. */
const DELETE = Symbol("delete");

const encoder = new TextEncoder();

/** Every path into a template, the root fields first: the places a mutation may hit. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== "object" || value === null) return [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** Where mutations may land: every path, or a new root field of an empty template. */
function targetsOf(template: JsonTemplate): Path[] {
  const paths = pathsOf(template);
  return paths.length > 0 ? paths : [["field"]];
}

function setAt(root: JsonTemplate, path: Path, replacement: unknown | typeof DELETE): JsonTemplate {
  const copy = structuredClone(root);
  let parent: unknown = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== "object" || parent === null) return copy;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  const last = path[path.length - 1];
  if (typeof parent !== "object" || parent === null || last === undefined) return copy;
  const container = parent as Record<string | number, unknown>;
  if (replacement === DELETE) {
    if (Array.isArray(container) && typeof last === "number") container.splice(last, 1);
    else delete container[last];
  } else container[last] = replacement;
  return copy;
}

/** Values of the wrong type (or of the right type with hostile content) for any field. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 6 },
  { arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, -0, "", "0", [], {}, [[]], [{}], [null]), weight: 4 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
  {
    arbitrary: fc.constantFrom("\u0000", "\uD800", "\uFFFF", "🚀".repeat(50), "<script>", "{{7*7}}", "%s%n"),
    weight: 1,
  },
);

/**
 * Valid JSON of wrong shapes, made from a route's valid body: up to three
 * fields replaced by wrong values or deleted, sometimes an unknown field
 * added. With no mutation the body is the valid template, so valid requests
 * are in the mix too.
 */
export function mutatedBody(template: JsonTemplate): fc.Arbitrary<JsonTemplate> {
  const paths = targetsOf(template);
  const mutation = fc.record({
    path: fc.constantFrom(...paths),
    value: fc.oneof({ arbitrary: wrongValue, weight: 5 }, { arbitrary: fc.constant<typeof DELETE>(DELETE), weight: 1 }),
  });
  return fc
    .tuple(
      fc.array(mutation, { maxLength: 3 }),
      fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), wrongValue), { freq: 5 }),
    )
    .map(([mutations, extra]) => {
      let body = mutations.reduce((current, { path, value }) => setAt(current, path, value), template);
      if (extra !== null) body = { ...body, [extra[0]]: extra[1] };
      return body;
    });
}

/** Text that is not JSON, or is JSON that is not an object. */
export const malformedJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.constantFrom(
    "",
    " ",
    "{",
    "[",
    "}",
    '{"model":',
    '{"model":"demo",}',
    "{'model':'demo'}",
    '{"a":1}{"b":2}',
    "NaN",
    "undefined",
    "1e999999",
    "-",
    '"unterminated',
    "// comment\n{}",
    "\uFEFF{}",
    '{"a":"\\uD800"}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    "null",
    "[]",
    "42",
    '"a string"',
    "true",
  ),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
);

/** A valid body cut short at a random point: what a dropped connection or a bad client sends. */
export function truncatedJson(template: JsonTemplate): fc.Arbitrary<string> {
  const text = JSON.stringify(template);
  return fc.integer({ min: 0, max: text.length - 1 }).map((end) => text.slice(0, end));
}

/** Byte sequences no UTF-8 decoder accepts: stray continuations, overlongs, surrogates, truncations. */
const invalidUtf8Sequence = fc.constantFrom(
  [0x80],
  [0xbf],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xe0, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf5, 0x80, 0x80, 0x80],
  [0xfe],
  [0xff],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
);

/** A valid body with invalid UTF-8 spliced in (inside a string or anywhere). */
export function invalidUtf8Body(template: JsonTemplate): fc.Arbitrary<Uint8Array> {
  const bytes = encoder.encode(JSON.stringify(template));
  return fc
    .tuple(fc.integer({ min: 0, max: bytes.length }), invalidUtf8Sequence)
    .map(([at, sequence]) => Uint8Array.from([...bytes.subarray(0, at), ...sequence, ...bytes.subarray(at)]));
}

/** Nesting depths around the limit (100) and far past it. */
export const nestingDepth = fc.oneof(
  fc.constantFrom(99, 100, 101, 1_000, 10_000, 50_000),
  fc.integer({ min: 2, max: 20_000 }),
);

/** `[[[…]]]` or `{"a":{"a":…}}` of the given depth, as text (building it as an object would recurse). */
export function nestedJsonText(depth: number, kind: "array" | "object"): string {
  return kind === "array"
    ? `${"[".repeat(depth)}${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

const PLACEHOLDER = "\u0001nested\u0001";

/** A valid body with one field replaced by a deeply nested array or object. */
export function deeplyNestedBody(template: JsonTemplate): fc.Arbitrary<string> {
  const paths = targetsOf(template);
  return fc
    .tuple(fc.constantFrom(...paths), nestingDepth, fc.constantFrom("array" as const, "object" as const))
    .map(([path, depth, kind]) =>
      JSON.stringify(setAt(template, path, PLACEHOLDER)).replace(
        JSON.stringify(PLACEHOLDER),
        nestedJsonText(depth, kind),
      ),
    );
}

/** A valid body with one field replaced by a huge string or a huge array of copies of itself. */
export function hugeBody(template: JsonTemplate): fc.Arbitrary<JsonTemplate> {
  const paths = targetsOf(template);
  return fc
    .tuple(
      fc.constantFrom(...paths),
      fc.oneof(
        fc.integer({ min: 100_000, max: 3_000_000 }).map((length) => "x".repeat(length)),
        fc.integer({ min: 1_000, max: 12_000 }).map((count) => Array.from({ length: count }, () => "y")),
      ),
    )
    .map(([path, value]) => setAt(template, path, value));
}

/** Any body of the kinds above, on the wire as text, bytes or a chunked stream. */
export function hostileBody(template: JsonTemplate): fc.Arbitrary<WireBody> {
  const text = fc.oneof(
    { arbitrary: mutatedBody(template).map((body) => JSON.stringify(body)), weight: 8 },
    { arbitrary: malformedJsonText, weight: 3 },
    { arbitrary: truncatedJson(template), weight: 2 },
    { arbitrary: deeplyNestedBody(template), weight: 2 },
    { arbitrary: hugeBody(template).map((body) => JSON.stringify(body)), weight: 1 },
  );
  const bytes = fc.oneof(
    { arbitrary: text.map((value) => encoder.encode(value)), weight: 3 },
    { arbitrary: invalidUtf8Body(template), weight: 2 },
  );
  return fc.oneof(
    { arbitrary: text.map((value): WireBody => ({ kind: "text", text: value })), weight: 4 },
    { arbitrary: bytes.map((value): WireBody => ({ kind: "bytes", bytes: value })), weight: 2 },
    {
      arbitrary: fc
        .tuple(bytes, fc.integer({ min: 1, max: 65_536 }))
        .map(([value, chunkSize]): WireBody => ({ kind: "chunked", bytes: value, chunkSize })),
      weight: 1,
    },
  );
}

/** The body as fetch's `body`: a chunked one is a stream, so no content-length is sent. */
export function bodyInit(body: WireBody): BodyInit {
  switch (body.kind) {
    case "text":
      return body.text;
    case "bytes":
      return body.bytes;
    case "chunked": {
      let offset = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= body.bytes.length) {
            controller.close();
            return;
          }
          controller.enqueue(body.bytes.slice(offset, offset + body.chunkSize));
          offset += body.chunkSize;
        },
      });
    }
    default: {
      const unreachable: never = body;
      return unreachable;
    }
  }
}

/** A short description of a body for failure messages (never the whole of a huge one). */
export function describeBody(body: WireBody): string {
  const preview = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text);
  switch (body.kind) {
    case "text":
      return `text ${preview(body.text)}`;
    case "bytes":
      return `bytes ${preview(new TextDecoder().decode(body.bytes))}`;
    case "chunked":
      return `chunked/${body.chunkSize} ${preview(new TextDecoder().decode(body.bytes))}`;
    default: {
      const unreachable: never = body;
      return unreachable;
    }
  }
}
