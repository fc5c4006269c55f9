import fc from "fast-check";

/** Headers in sending order; a name may repeat (Headers.append joins repeats with ", "). */
export type HeaderList = Array<[string, string]>;

/** Printable ASCII: what a header value can carry without fetch refusing to build the request. */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength });

export const oddContentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "application/json; charset=latin1",
      "APPLICATION/JSON",
      "text/plain",
      "text/event-stream",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=xyz",
      "application/octet-stream",
      "application/yaml",
      "",
      ";;;",
      "application/json, text/plain",
    ),
    headerText(40),
  ),
  { freq: 4 },
);

/** How the caller presents a key: one of `keys`, none, garbage, or two at once. */
export function authHeaders(keys: readonly string[]): fc.Arbitrary<HeaderList> {
  const key = fc.constantFrom(...keys);
  return fc.oneof(
    { arbitrary: key.map((value): HeaderList => [["authorization", `Bearer ${value}`]]), weight: 8 },
    { arbitrary: key.map((value): HeaderList => [["x-api-key", value]]), weight: 2 },
    { arbitrary: key.map((value): HeaderList => [["x-goog-api-key", value]]), weight: 1 },
    { arbitrary: fc.constant<HeaderList>([]), weight: 1 },
    {
      arbitrary: headerText(80).map((value): HeaderList => [["authorization", value]]),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(key, key).map(
        ([first, second]): HeaderList => [
          ["authorization", `Bearer ${first}`],
          ["authorization", `Bearer ${second}`],
        ],
      ),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(key, headerText(30)).map(
        ([value, other]): HeaderList => [
          ["x-api-key", other],
          ["authorization", `Bearer ${value}`],
        ],
      ),
      weight: 1,
    },
  );
}

/** Headers the gateway reads (sessions, routing, caching, versions), with hostile, repeated or huge values. */
const readHeaderNames = [
  "anthropic-version",
  "anthropic-beta",
  "x-switchyard-session",
  "x-switchyard-tags",
  "x-switchyard-deployment-id",
  "x-switchyard-routing-strategy",
  "x-session-id",
  "x-claude-code-session-id",
  "x-codex-turn-metadata",
  "cache-control",
  "accept",
  "origin",
  "content-length",
  "mcp-session-id",
  "mcp-protocol-version",
  "mcp-method",
  "mcp-name",
] as const;

const hostileHeaderValue = fc.oneof(
  { arbitrary: headerText(60), weight: 24 },
  {
    arbitrary: fc.constantFrom(
      "new",
      "",
      "no-cache, no-store, max-age=99999999999999999999",
      '{"session_id":"s"}',
      '{"session_id":',
      '{"session_id":{"a":1}}',
      "2023-06-01",
      "2026-07-28",
      "2025-06-18",
      "tools/call",
      "=?base64?AAAA?=",
      "=?base64?%%%?=",
      "-1",
      "NaN",
      "https://evil.test",
      "null",
    ),
    weight: 15,
  },
  { arbitrary: fc.integer({ min: 201, max: 70_000 }).map((length) => "v".repeat(length)), weight: 1 },
);

/** Extra headers: known names with hostile values, repeats, and (in about one case in ten) oversized ones. */
export const hostileExtraHeaders: fc.Arbitrary<HeaderList> = fc.array(
  fc.oneof(
    { arbitrary: fc.tuple(fc.constantFrom(...readHeaderNames), hostileHeaderValue), weight: 20 },
    {
      arbitrary: fc.tuple(
        fc.stringMatching(/^x-[a-z0-9-]{1,20}$/),
        fc.integer({ min: 1, max: 80_000 }).map((length) => "h".repeat(length)),
      ),
      weight: 1,
    },
  ),
  { maxLength: 3 },
);

/** Many headers at once, together past the header-size limit. */
export const headerFlood: fc.Arbitrary<HeaderList> = fc
  .tuple(fc.integer({ min: 20, max: 400 }), fc.integer({ min: 50, max: 400 }))
  .map(([count, size]) =>
    Array.from({ length: count }, (_, index): [string, string] => [`x-flood-${index}`, "f".repeat(size)]),
  );

export function toHeaders(list: HeaderList): Headers {
  const headers = new Headers();
  for (const [name, value] of list) headers.append(name, value);
  return headers;
}
