/**
 * Property-based fuzzing of the gateway's public endpoints (issue #8):
 * malformed JSON, valid JSON of wrong types, huge and deeply nested bodies,
 * invalid UTF-8, chunked bodies without content-length, odd content types,
 * repeated and oversized headers, with the master key, a budgeted virtual
 * key, a blocked key, a key limited to another model, a made-up key or none.
 * Every answer is a 4xx in the caller's error format or a complete valid
 * answer; never a 5xx, and nothing is logged as an internal error. Valid
 * requests reach the in-process `mock/` provider, so no network is needed.
 *
 * Runs: each property runs a bounded number of cases in CI;
 * `FUZZ_RUNS=<n> npx vitest run test/hardening` runs n per property (see fuzz-runs.ts).
 * A failure prints fast-check's seed and path; replay it with `{ seed, path }` in fc.assert.
 */
import fc from "fast-check";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { postAdmin } from "../helpers/call-admin.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { type AnswerFormat, streamTerminators, successShapes } from "./answer-shapes.ts";
import { ErrorLogWatch } from "./error-log-watch.ts";
import { wellFormedAnswerProblem } from "./expect-well-formed-answer.ts";
import { bodyInit, describeBody, hostileBody, type JsonTemplate } from "./fuzz-bodies.ts";
import {
  authHeaders,
  type HeaderList,
  headerFlood,
  hostileExtraHeaders,
  oddContentType,
  toHeaders,
} from "./fuzz-headers.ts";
import { fuzzRuns, fuzzTimeoutMs } from "./fuzz-runs.ts";
import { FUZZ_MODEL, gatewayEndpoints } from "./gateway-endpoints.ts";

const RUNS_PER_ENDPOINT = 200;
const RUNS_OF_ROUTING = 250;
const keys: string[] = [TEST_MASTER_KEY, "sk-made-up-key-0000"];

beforeAll(async () => {
  await activateConfig(`
model_list:
  - model_name: ${FUZZ_MODEL}
    litellm_params: { model: mock/${FUZZ_MODEL}, input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 }
litellm_settings: { cache: true }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
  const budgeted = await postAdmin("/key/generate", { max_budget: 1000, rpm_limit: 100_000 });
  const blocked = await postAdmin("/key/generate", { blocked: true });
  const narrow = await postAdmin("/key/generate", { models: ["other-model"] });
  for (const created of [budgeted, blocked, narrow]) {
    expect(created.status).toBe(200);
    keys.push(String(created.body.key));
  }
});

let errorLog: ErrorLogWatch;
beforeEach(() => {
  errorLog = new ErrorLogWatch();
});
afterEach(() => errorLog.restore());

function withStream(template: JsonTemplate, stream: boolean): JsonTemplate {
  return "stream" in template ? { ...template, stream } : template;
}

function describeHeaders(headers: Headers): string {
  return JSON.stringify(
    [...headers].map(([name, value]) => [name, value.length > 80 ? `${value.slice(0, 80)}…` : value]),
  );
}

describe("fuzzing the gateway's model endpoints", () => {
  for (const endpoint of gatewayEndpoints) {
    it(
      `${endpoint.name}: every hostile request gets a 4xx in its API's error format or a complete answer`,
      async () => {
        const request = fc.boolean().chain((stream) =>
          fc.record({
            stream: fc.constant(stream),
            body: hostileBody(withStream(endpoint.template, stream)),
            auth: authHeaders(keys),
            contentType: oddContentType,
            extra: fc.oneof({ arbitrary: hostileExtraHeaders, weight: 15 }, { arbitrary: headerFlood, weight: 1 }),
          }),
        );
        await fc.assert(
          fc.asyncProperty(request, async ({ stream, body, auth, contentType, extra }) => {
            const contentTypeHeader: HeaderList = contentType === null ? [] : [["content-type", contentType]];
            const headers = toHeaders([...auth, ...contentTypeHeader, ...extra]);
            const { response, text } = await callGateway(endpoint.path(stream), {
              method: "POST",
              headers,
              body: bodyInit(body),
            });
            const problem = wellFormedAnswerProblem(endpoint, response, text);
            const logged = errorLog.takeNew();
            const context = `${problem}; logged: ${logged.join(" | ")}; headers: ${describeHeaders(headers)}; body: ${describeBody(body)}`;
            expect(problem, context).toBeUndefined();
            expect(logged, context).toEqual([]);
          }),
          { numRuns: fuzzRuns(RUNS_PER_ENDPOINT) },
        );
      },
      fuzzTimeoutMs(RUNS_PER_ENDPOINT, 60),
    );
  }
});

/** The caller's API by path, as a client of that path expects it (not computed by the code under test). */
function formatOfPath(requested: string): AnswerFormat {
  // What the server sees: `%2e%2e` and `..` segments are resolved by URL parsing.
  const path = new URL(`https://gateway.test${requested}`).pathname;
  // /mcp/memory and the upstream servers at /mcp/<name> speak JSON-RPC.
  if (/^\/mcp\/[^/]+$/.test(path)) return "jsonRpc";
  if (path.startsWith("/v1/messages")) return "anthropic";
  // Under an OpenAI prefix the caller is an OpenAI client, whatever the rest of the path looks like.
  if (path.startsWith("/v1/responses")) return "openai";
  if (path.startsWith("/v1beta/") || /:(streamG|g)enerateContent/.test(path)) return "gemini";
  return "openai";
}

const pathSegment = fc.oneof(
  fc.constantFrom(
    "v1",
    "v1beta",
    "models",
    "chat",
    "completions",
    "messages",
    "responses",
    "embeddings",
    "mcp",
    "memory",
  ),
  fc.constantFrom("%ff", "%00", "..", ".", "", "%2e%2e", "demo:generateContent", "demo:nope", ":", "count_tokens"),
  fc.stringMatching(/^[a-zA-Z0-9._~-]{1,12}$/),
);

describe("fuzzing the gateway's routing surface", () => {
  it(
    "any method on any path answers in that path's error format, or a valid answer",
    async () => {
      const request = fc.record({
        method: fc.constantFrom("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
        segments: fc.array(pathSegment, { minLength: 0, maxLength: 5 }),
        query: fc.option(fc.stringMatching(/^[a-z=&%0-9]{0,20}$/), { freq: 3 }),
        auth: authHeaders([TEST_MASTER_KEY]),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ method, segments, query, auth }) => {
          const path = `/${segments.join("/")}${query === null ? "" : `?${query}`}`;
          const hasBody = method !== "GET" && method !== "HEAD";
          const { response, text } = await callGateway(path, {
            method,
            headers: toHeaders(auth),
            ...(hasBody ? { body: "{}" } : {}),
          });
          const logged = errorLog.takeNew();
          expect(logged, `${method} ${path}`).toEqual([]);
          // HEAD has no body to check; the rest are errors, model calls, or JSON (/, /health, /v1/models).
          if (method === "HEAD" && response.status < 400) return;
          const problem =
            method === "HEAD"
              ? undefined
              : wellFormedAnswerProblem(
                  {
                    format: formatOfPath(path),
                    success: successShapes.anyJson,
                    streamTerminator: streamTerminators.openai,
                  },
                  response,
                  text,
                );
          expect(problem, `${method} ${path}: ${problem}`).toBeUndefined();
          expect(response.status, `${method} ${path}`).toBeLessThan(500);
        }),
        { numRuns: fuzzRuns(RUNS_OF_ROUTING) },
      );
    },
    fuzzTimeoutMs(RUNS_OF_ROUTING),
  );
});
