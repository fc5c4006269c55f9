/**
 * Property-based fuzzing of every admin route (issue #8), enumerated from
 * `adminApp.routes` so a new route is fuzzed without being listed: its valid
 * request (admin-rbac-routes.ts, on a fixture with real resources) mutated
 * into wrong types, malformed or truncated JSON, invalid UTF-8, huge and
 * deeply nested bodies, with odd path parameters, hostile query strings,
 * odd content types, repeated and oversized headers and every kind of key.
 * Every answer is a 4xx in the OpenAI error envelope (the admin API's) or a
 * 2xx; never a 5xx, and nothing is logged as an internal error.
 *
 * Runs: `FUZZ_RUNS=<n> npx vitest run test/hardening` (see fuzz-runs.ts).
 */
import fc from "fast-check";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adminApp } from "../../workers/admin/app.ts";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { AdminFixture, asMaster, FIXTURE_MODEL } from "./admin-fixture.ts";
import type { RouteRequest } from "./admin-rbac-policies.ts";
import { ADMIN_ROUTE_CASES } from "./admin-rbac-routes.ts";
import { errorShapes, parseAnswer } from "./answer-shapes.ts";
import { ErrorLogWatch } from "./error-log-watch.ts";
import { bodyInit, describeBody, hostileBody, malformedJsonText, truncatedJson, type WireBody } from "./fuzz-bodies.ts";
import { authHeaders, type HeaderList, hostileExtraHeaders, oddContentType, toHeaders } from "./fuzz-headers.ts";
import { fuzzRuns, fuzzTimeoutMs } from "./fuzz-runs.ts";
import { sendAdmin } from "./send-admin.ts";

const RUNS_PER_ROUTE = 15;
const routes = [...new Set(adminApp.routes.map((route) => `${route.method} ${route.path}`))].filter(
  (route) => route !== "ALL /*",
);
/** The master key three times over: most cases should get past authentication into the route. */
const keys: string[] = [TEST_MASTER_KEY, TEST_MASTER_KEY, TEST_MASTER_KEY, "sk-made-up-key-0000"];
/** Each route's valid request on the fixture (a route without a matrix entry starts from its bare path). */
const validRequests = new Map<string, RouteRequest>();

beforeAll(async () => {
  await activateConfig(`
model_list:
  - { model_name: ${FIXTURE_MODEL}, litellm_params: { model: mock/${FIXTURE_MODEL} } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
  const fixture = new AdminFixture();
  for (const role of ["admin", "viewer"]) {
    keys.push(String((await asMaster("POST", "/key/generate", { role })).key));
  }
  keys.push(await fixture.teamAdminKey(), String((await asMaster("POST", "/key/generate", {})).key));
  for (const route of routes) {
    const routeCase = ADMIN_ROUTE_CASES[route];
    const path = route.slice(route.indexOf(" ") + 1);
    validRequests.set(route, routeCase === undefined ? { path, body: {} } : await routeCase.request(fixture));
  }
});

let errorLog: ErrorLogWatch;
beforeEach(() => {
  errorLog = new ErrorLogWatch();
});
afterEach(() => errorLog.restore());

const oddSegment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,30}$/),
  fc.constantFrom(
    "%00",
    "%ff",
    "%2F",
    "..%2F..",
    "%20",
    "null",
    "-1",
    "0",
    "99999999999999999999",
    "1e3",
    "%F0%9F%9A%80",
  ),
  fc.integer({ min: 201, max: 5000 }).map((length) => "s".repeat(length)),
);

const queryParameter = fc.tuple(
  fc.constantFrom(
    "page",
    "size",
    "page_size",
    "limit",
    "cursor",
    "team_id",
    "key",
    "user_id",
    "from",
    "to",
    "start_date",
    "end_date",
    "format",
    "group_by",
    "scope",
    "q",
    "tags",
    "harness",
    "model",
    "window_minutes",
    "dry_run",
    "bucket",
    "include_deleted",
    "return_full_object",
  ),
  fc.oneof(
    fc.constantFrom("", "-1", "0", "abc", "1e999", "NaN", "csv", "true", "2026-13-45", "99999999999999999999"),
    fc.stringMatching(/^[A-Za-z0-9._~%-]{0,40}$/),
  ),
);

/** The valid path with a segment replaced and parameters appended, or as is. */
function fuzzedPath(valid: string): fc.Arbitrary<string> {
  const [pathname = "", query = ""] = valid.split("?");
  const segments = pathname.split("/");
  return fc
    .tuple(
      fc.option(fc.tuple(fc.integer({ min: 1, max: Math.max(1, segments.length - 1) }), oddSegment), { freq: 3 }),
      fc.array(queryParameter, { maxLength: 3 }),
    )
    .map(([replace, parameters]) => {
      const path = [...segments];
      if (replace !== null) path[replace[0]] = replace[1];
      const search = new URLSearchParams(query);
      for (const [name, value] of parameters) search.append(name, value);
      const text = search.toString();
      return `${path.join("/")}${text === "" ? "" : `?${text}`}`;
    });
}

/** Bodies for a route: its valid body mutated, or (for text bodies and bodiless routes) hostile text. */
function fuzzedBody(valid: RouteRequest): fc.Arbitrary<WireBody | undefined> {
  if (valid.text !== undefined) {
    const text = valid.text;
    return fc.oneof(
      malformedJsonText.map((value): WireBody => ({ kind: "text", text: value })),
      fc.integer({ min: 0, max: text.length }).map((end): WireBody => ({ kind: "text", text: text.slice(0, end) })),
      fc
        .string({ unit: "binary", maxLength: 200 })
        .map((value): WireBody => ({ kind: "text", text: `${text}${value}` })),
    );
  }
  const template =
    typeof valid.body === "object" && valid.body !== null && !Array.isArray(valid.body)
      ? (valid.body as Record<string, unknown>)
      : { value: 1 };
  return fc.oneof(
    { arbitrary: hostileBody(template), weight: 6 },
    { arbitrary: truncatedJson(template).map((text): WireBody => ({ kind: "text", text })), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

describe("fuzzing every admin route", () => {
  for (const route of routes) {
    it(
      `${route}: hostile requests get a 4xx in the OpenAI error envelope or a 2xx, never a 5xx`,
      async () => {
        const method = route.slice(0, route.indexOf(" "));
        const valid = validRequests.get(route) ?? { path: "/" };
        const request = fc.record({
          path: fuzzedPath(valid.path),
          body: fuzzedBody(valid),
          auth: authHeaders(keys),
          contentType: oddContentType,
          extra: hostileExtraHeaders,
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ path, body, auth, contentType, extra }) => {
            const headerList: HeaderList = [
              ...auth,
              ...(contentType === null ? [] : ([["content-type", contentType]] as HeaderList)),
              ...extra,
            ];
            const headers = toHeaders(headerList);
            const answer = await sendAdmin({
              method,
              path,
              key: null,
              headers,
              ...(body === undefined || method === "GET" ? {} : { body: bodyInit(body) }),
              vars: { MASTER_KEY: TEST_MASTER_KEY },
            });
            const logged = errorLog.takeNew();
            const context = `${method} ${path.slice(0, 200)}; logged: ${logged.join(" | ")}; body: ${body === undefined ? "none" : describeBody(body)}; answer: ${answer.status} ${answer.text.slice(0, 300)}`;
            expect(logged, context).toEqual([]);
            expect(answer.status, context).toBeLessThan(500);
            if (answer.status >= 400) {
              const parsed = parseAnswer(answer.text);
              expect(parsed.ok && errorShapes.openai.safeParse(parsed.value).success, context).toBe(true);
            } else if (answer.text !== "" && answer.headers.get("content-type")?.includes("application/json")) {
              expect(parseAnswer(answer.text).ok, context).toBe(true);
            }
          }),
          { numRuns: fuzzRuns(RUNS_PER_ROUTE) },
        );
      },
      fuzzTimeoutMs(RUNS_PER_ROUTE, 400),
    );
  }
});

describe("regressions found by fuzzing the admin routes", () => {
  it("a page number past SQLite's integers (or not whole) is an empty page, not a failed D1 query", async () => {
    for (const path of [
      "/spend/logs?page=99999999999999999999",
      "/spend/logs?page=1.5&page_size=2.5",
      "/key/list?page=1e300&size=1.5",
    ]) {
      const answer = await sendAdmin({ method: "GET", path, key: TEST_MASTER_KEY });
      expect(answer.status, `${path}: ${answer.text}`).toBe(200);
      expect(errorLog.takeNew()).toEqual([]);
    }
    const farPage = JSON.parse(
      (await sendAdmin({ method: "GET", path: "/spend/logs?page=99999999999999999999", key: TEST_MASTER_KEY })).text,
    );
    expect(farPage).toMatchObject({ data: [], page: 1_000_000 });
  });

  it("a deeply nested admin body is a 400, not a stack overflow in the memory block schema", async () => {
    const agentId = (validRequests.get("GET /agents/:id")?.path ?? "").split("/")[2] ?? "";
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const answer = await sendAdmin({
      method: "PUT",
      path: `/agents/${agentId}/memory/blocks/repo.conventions`,
      key: TEST_MASTER_KEY,
      body: `{"value":${deep}}`,
    });
    expect(answer.status, answer.text).toBe(400);
    expect(errorShapes.openai.parse(JSON.parse(answer.text)).error.message).toBe(
      "The request body nests arrays and objects more than 100 levels deep.",
    );
    expect(errorLog.takeNew()).toEqual([]);
  });

  it("deleting more ids than D1 binds in one query is a 400 naming the field, not a failed query", async () => {
    for (const [path, field] of [
      ["/user/delete", "user_ids"],
      ["/team/delete", "team_ids"],
      ["/key/delete", "keys"],
    ] as const) {
      const ids = Array.from({ length: 101 }, (_, index) => `id-${index}`);
      const answer = await sendAdmin({
        method: "POST",
        path,
        key: TEST_MASTER_KEY,
        body: JSON.stringify({ [field]: ids }),
      });
      expect(answer.status, answer.text).toBe(400);
      expect(errorShapes.openai.parse(JSON.parse(answer.text)).error).toMatchObject({
        message: `Invalid value for '${field}': must be at most 100 item(s).`,
        param: field,
      });
    }
    expect(errorLog.takeNew()).toEqual([]);
  });

  it("a vault credential may name 150 agents: they are looked up in slices D1 can bind", async () => {
    const teamId = `fuzz-vault-${crypto.randomUUID().slice(0, 8)}`;
    await asMaster("POST", "/team/new", { team_id: teamId });
    const answer = await sendAdmin({
      method: "POST",
      path: "/vault/credentials",
      key: TEST_MASTER_KEY,
      body: JSON.stringify({
        team_id: teamId,
        name: "many-agents",
        secret: "fuzz-secret-0123",
        destinations: [{ host: "api.example.com" }],
        injection: { in: "query", name: "key" },
        allowed_agents: Array.from({ length: 150 }, (_, index) => `agent-${index}`),
      }),
    });
    expect(answer.status, answer.text).toBe(400);
    expect(errorShapes.openai.parse(JSON.parse(answer.text)).error.message).toMatch(
      /^allowed_agents names agents that are not live agents of team '.+': agent-0, agent-1, .*agent-149\.$/,
    );
    expect(errorLog.takeNew()).toEqual([]);
  });

  it("sign-in, which reads its body before any authentication, stops reading an endless chunked body", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
      },
    });
    const answer = await sendAdmin({ method: "POST", path: "/auth/session", key: null, body: endless });
    expect(answer.status).toBe(413);
    expect(pulled).toBeLessThan(256 * 1024 + 4 * 16 * 1024);
  });
});
