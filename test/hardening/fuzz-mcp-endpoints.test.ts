/**
 * Property-based fuzzing of the agent-memory MCP server at /mcp/memory
 * (issue #8): JSON-RPC messages of both protocol revisions (initialize,
 * tools/list, each memory tool, the stateless revision's `_meta`) mutated
 * into wrong types, malformed or truncated JSON, invalid UTF-8, huge and
 * deeply nested bodies, chunked bodies, with hostile transport headers
 * (Origin, Accept, content types, session ids, protocol versions, Mcp-Method
 * and Mcp-Name) and every kind of key. Every answer is a JSON-RPC error with
 * a 4xx, or a JSON-RPC answer with 200 (the session-based revisions put
 * method-level errors there), or an empty 202/204; never a 5xx, and nothing
 * is logged as an internal error.
 *
 * Runs: `FUZZ_RUNS=<n> npx vitest run test/hardening` (see fuzz-runs.ts).
 */
import fc from "fast-check";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { postAdmin } from "../helpers/call-admin.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { errorShapes } from "./answer-shapes.ts";
import { ErrorLogWatch } from "./error-log-watch.ts";
import { bodyInit, describeBody, hostileBody, type JsonTemplate } from "./fuzz-bodies.ts";
import { authHeaders, type HeaderList, hostileExtraHeaders, oddContentType, toHeaders } from "./fuzz-headers.ts";
import { fuzzRuns, fuzzTimeoutMs } from "./fuzz-runs.ts";
import { expectJsonRpcAnswer, LEGACY, MODERN, modernMeta, statelessHeaders } from "./mcp-fuzz-messages.ts";

const RUNS_PER_MESSAGE = 80;
const agentId = `fuzz-agent-${crypto.randomUUID()}`;
const keys: string[] = [TEST_MASTER_KEY, "sk-made-up-key-0000"];
let agentKey = "";
let sessionId = "";

const toolCalls: Record<string, Record<string, unknown>> = {
  save_memory: { text: "the build uses pnpm", tags: ["build"], key: "build.tool" },
  search_memory: { query: "pnpm build", limit: 5 },
  get_memory_block: { name: "repo.conventions" },
  update_memory_block: {
    name: "repo.conventions",
    value: { indent: 2, style: ["tabs"] },
    schema: {
      type: "object",
      properties: { indent: { type: "integer", minimum: 0 }, style: { type: "array", items: { type: "string" } } },
    },
  },
};

/** Valid messages of both revisions; the headers each needs are added per case. */
const messages: Array<{ name: string; modern: boolean; template: JsonTemplate }> = [
  {
    name: "initialize",
    modern: false,
    template: {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: "fuzz" } },
    },
  },
  { name: "tools/list (session)", modern: false, template: { jsonrpc: "2.0", id: 2, method: "tools/list" } },
  ...Object.entries(toolCalls).flatMap(([tool, args]) => [
    {
      name: `tools/call ${tool} (session)`,
      modern: false,
      template: { jsonrpc: "2.0", id: "s-3", method: "tools/call", params: { name: tool, arguments: args } },
    },
    {
      name: `tools/call ${tool} (stateless)`,
      modern: true,
      template: {
        jsonrpc: "2.0",
        id: "m-3",
        method: "tools/call",
        params: { name: tool, arguments: args, _meta: modernMeta },
      },
    },
  ]),
  {
    name: "server/discover (stateless)",
    modern: true,
    template: { jsonrpc: "2.0", id: 4, method: "server/discover", params: { _meta: modernMeta } },
  },
];

/** The headers a well-behaved client of each revision sends; fuzzed headers are appended after them. */
function protocolHeaders(modern: boolean, template: JsonTemplate): HeaderList {
  if (!modern)
    return [
      ["mcp-session-id", sessionId],
      ["mcp-protocol-version", LEGACY],
    ];
  return statelessHeaders(template);
}

beforeAll(async () => {
  await activateConfig(`
model_list:
  - { model_name: demo, litellm_params: { model: mock/demo } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
  const agent = await postAdmin("/key/generate", { agent_id: agentId });
  const plain = await postAdmin("/key/generate", {});
  expect([agent.status, plain.status]).toEqual([200, 200]);
  agentKey = String(agent.body.key);
  keys.push(agentKey, agentKey, agentKey, String(plain.body.key));
  const initialized = await callGateway("/mcp/memory", {
    method: "POST",
    headers: { authorization: `Bearer ${agentKey}`, "content-type": "application/json" },
    body: JSON.stringify(messages[0]?.template),
  });
  expect(initialized.response.status).toBe(200);
  sessionId = initialized.response.headers.get("mcp-session-id") ?? "";
});

let errorLog: ErrorLogWatch;
beforeEach(() => {
  errorLog = new ErrorLogWatch();
});
afterEach(() => errorLog.restore());

const expectWellFormed = (response: Response, text: string, context: string) =>
  expectJsonRpcAnswer(errorLog, response, text, context);

describe("fuzzing the MCP memory endpoint", () => {
  for (const message of messages) {
    it(
      `${message.name}: hostile variants get a JSON-RPC error with a 4xx, or a JSON-RPC answer`,
      async () => {
        const request = fc.record({
          body: hostileBody(message.template),
          auth: authHeaders(keys),
          contentType: oddContentType,
          extra: hostileExtraHeaders,
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ body, auth, contentType, extra }) => {
            const headers = toHeaders([
              ...auth,
              ...(contentType === null ? [] : ([["content-type", contentType]] as HeaderList)),
              ...protocolHeaders(message.modern, message.template),
              ...extra,
            ]);
            const { response, text } = await callGateway("/mcp/memory", {
              method: "POST",
              headers,
              body: bodyInit(body),
            });
            expectWellFormed(
              response,
              text,
              `headers ${JSON.stringify([...headers].map(([n, v]) => [n, v.slice(0, 60)]))}; body ${describeBody(body)}`,
            );
          }),
          { numRuns: fuzzRuns(RUNS_PER_MESSAGE) },
        );
      },
      fuzzTimeoutMs(RUNS_PER_MESSAGE, 80),
    );
  }

  it(
    "any method with hostile session headers gets a JSON-RPC answer or error, never a 5xx",
    async () => {
      const request = fc.record({
        method: fc.constantFrom("GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"),
        auth: authHeaders([agentKey, TEST_MASTER_KEY]),
        extra: hostileExtraHeaders,
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ method, auth, extra }) => {
          const headers = toHeaders([...auth, ...extra]);
          const { response, text } = await callGateway("/mcp/memory", { method, headers });
          if (method === "HEAD") {
            expect(response.status).toBeLessThan(500);
            return;
          }
          expectWellFormed(
            response,
            text,
            `${method} ${JSON.stringify([...headers].map(([n, v]) => [n, v.slice(0, 60)]))}`,
          );
        }),
        { numRuns: fuzzRuns(150) },
      );
    },
    fuzzTimeoutMs(150),
  );
});

describe("regressions found by fuzzing the MCP endpoint", () => {
  it("OPTIONS /mcp/memory is a JSON-RPC 405 like the other unsupported methods, not a 404 in OpenAI's format", async () => {
    const { response, text } = await callGateway("/mcp/memory", { method: "OPTIONS" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST, DELETE");
    expect(errorShapes.jsonRpc.parse(JSON.parse(text)).error.code).toBe(-32600);
  });

  it("a tools/call whose name is nested 20,000 arrays deep is a JSON-RPC 400, not a stack overflow", async () => {
    const deepName = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const { response, text } = await callGateway("/mcp/memory", {
      method: "POST",
      headers: {
        authorization: `Bearer ${agentKey}`,
        "content-type": "application/json",
        "mcp-protocol-version": MODERN,
        "mcp-method": "tools/call",
        "mcp-name": "get_memory_block",
      },
      body: `{"jsonrpc":"2.0","id":"m-1","method":"tools/call","params":{"name":${deepName},"_meta":${JSON.stringify(modernMeta)}}}`,
    });
    expect(response.status).toBe(400);
    expect(errorShapes.jsonRpc.parse(JSON.parse(text)).error.message).toContain("MAX_JSON_DEPTH");
    expect(errorLog.takeNew()).toEqual([]);
  });
});
