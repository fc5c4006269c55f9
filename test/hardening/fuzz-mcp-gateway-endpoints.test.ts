/**
 * Property-based fuzzing of the MCP gateway (issue #8): an upstream MCP
 * server registered with /mcp_servers and answered by a mock sits behind
 * `/mcp/<server>`; hostile messages of both protocol revisions (mutated,
 * malformed, truncated, invalid UTF-8, huge, deeply nested, chunked) with
 * hostile headers and every kind of key go to it and to servers that do not
 * exist. The upstream answers every call well, so a 5xx or an internal error
 * logged would be the gateway's own. Every answer is a JSON-RPC error with a
 * 4xx, or a JSON-RPC answer.
 *
 * Runs: `FUZZ_RUNS=<n> npx vitest run test/hardening` (see fuzz-runs.ts).
 */
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { postAdmin } from "../helpers/call-admin.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { mockUpstreams } from "../helpers/mock-upstream.ts";
import { ErrorLogWatch } from "./error-log-watch.ts";
import { bodyInit, describeBody, hostileBody, type JsonTemplate } from "./fuzz-bodies.ts";
import { authHeaders, hostileExtraHeaders, toHeaders } from "./fuzz-headers.ts";
import { fuzzRuns, fuzzTimeoutMs } from "./fuzz-runs.ts";
import { expectJsonRpcAnswer, LEGACY, modernMeta, statelessHeaders } from "./mcp-fuzz-messages.ts";

const RUNS = 160;
const UPSTREAM = "https://mcp-upstream.example.com";
const server = `fuzz-${crypto.randomUUID().slice(0, 8)}`;
let upstream: ReturnType<typeof mockUpstreams> | undefined;
/** A registered agent allowed to use the server, and a key for an agent outside the registry. */
let serverAgentKey = "";
let unregisteredAgentKey = "";

/** Whatever the gateway asks, a well-formed answer: one result that serves initialize, tools/list and tools/call. */
function answerUpstream(body: string): Response {
  const id = (JSON.parse(body) as { id?: unknown }).id;
  if (id === undefined) return new Response(null, { status: 202 });
  return Response.json({
    jsonrpc: "2.0",
    id,
    result: {
      protocolVersion: LEGACY,
      capabilities: { tools: {} },
      serverInfo: { name: "fuzz-upstream", version: "1.0.0" },
      tools: [{ name: "echo", inputSchema: { type: "object" } }],
      content: [{ type: "text", text: "ok" }],
    },
  });
}

beforeAll(async () => {
  await activateConfig(`
model_list:
  - { model_name: demo, litellm_params: { model: mock/demo } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
  const teamId = `fuzz-mcp-${crypto.randomUUID().slice(0, 8)}`;
  await postAdmin("/team/new", { team_id: teamId });
  const registered = await postAdmin("/mcp_servers", { name: server, url: `${UPSTREAM}/mcp`, team_id: teamId });
  expect(registered.status).toBe(200);
  const agent = await postAdmin("/agents", {
    name: `fuzz-mcp-agent-${server}`,
    team_id: teamId,
    harness: "custom",
    default_model: "demo",
    allowed_mcp_servers: [server],
  });
  expect(agent.status).toBe(200);
  serverAgentKey = String(agent.body.key);
  unregisteredAgentKey = String((await postAdmin("/key/generate", { agent_id: `loose-${server}` })).body.key);
  upstream = mockUpstreams({ [UPSTREAM]: (_request, body) => answerUpstream(body) });
});
afterAll(() => upstream?.restore());

let errorLog: ErrorLogWatch;
beforeEach(() => {
  errorLog = new ErrorLogWatch();
});
afterEach(() => errorLog.restore());

const messages: JsonTemplate[] = [
  { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: LEGACY, capabilities: {} } },
  { jsonrpc: "2.0", id: "m-2", method: "tools/list", params: { _meta: modernMeta } },
  {
    jsonrpc: "2.0",
    id: "m-3",
    method: "tools/call",
    params: { name: "echo", arguments: { text: "hi" }, _meta: modernMeta },
  },
];

describe("fuzzing the MCP gateway's upstream servers", () => {
  it("valid calls of both revisions reach the upstream and come back as JSON-RPC results", async () => {
    for (const message of messages) {
      const headers = toHeaders([
        ["authorization", `Bearer ${serverAgentKey}`],
        ["content-type", "application/json"],
        ...(message.method === "initialize" ? [] : statelessHeaders(message)),
      ]);
      const { response, text } = await callGateway(`/mcp/${server}`, {
        method: "POST",
        headers,
        body: JSON.stringify(message),
      });
      expect(response.status, text).toBe(200);
      expect(JSON.parse(text)).toMatchObject({ jsonrpc: "2.0", id: message.id, result: expect.any(Object) });
    }
  });

  it(
    "hostile messages to /mcp/<server> (and to unknown servers) get a JSON-RPC error with a 4xx, or an answer",
    async () => {
      const request = fc.constantFrom(...messages).chain((template) =>
        fc.record({
          template: fc.constant(template),
          body: hostileBody(template),
          path: fc.constantFrom(`/mcp/${server}`, `/mcp/${server}`, "/mcp/no-such-server", "/mcp/UPPER%20case"),
          auth: authHeaders([serverAgentKey, serverAgentKey, unregisteredAgentKey, TEST_MASTER_KEY]),
          extra: hostileExtraHeaders,
        }),
      );
      await fc.assert(
        fc.asyncProperty(request, async ({ template, body, path, auth, extra }) => {
          const headers = toHeaders([
            ...auth,
            ["content-type", "application/json"],
            ...(template.method === "initialize" ? [] : statelessHeaders(template)),
            ...extra,
          ]);
          const { response, text } = await callGateway(path, { method: "POST", headers, body: bodyInit(body) });
          expectJsonRpcAnswer(errorLog, response, text, `${path} ${describeBody(body)}`);
        }),
        { numRuns: fuzzRuns(RUNS) },
      );
    },
    fuzzTimeoutMs(RUNS, 80),
  );
});
