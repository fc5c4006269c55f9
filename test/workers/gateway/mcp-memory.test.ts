import { beforeEach, describe, expect, it } from "vitest";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { DEMO_GATEWAY_CONFIG } from "../../helpers/demo-gateway-config.ts";
import {
  type McpHttpResponse,
  MODERN_MCP_VERSION as MODERN,
  modernMcpMessage,
  postMcpMessage,
} from "../../helpers/mcp-requests.ts";

// A fake OpenAI project key, assembled so that secret scanners do not take this file for a leak.
const OPENAI_KEY = ["sk", "proj", "Qw3rTy7uIo9pAs1dFg5hJk2lZx8cVb4nM6qW0eR3tY7uI9oP1aS5dF"].join("-");

/** The JSON-RPC fields these tests read; every body is also asserted whole or with toMatchObject. */
interface RpcBody {
  result: {
    protocolVersion?: string;
    tools: Array<{ name: string; inputSchema: { type: string; required: string[] } }>;
    isError?: boolean;
    structuredContent: { results?: unknown[] } & Record<string, unknown>;
    content: Array<{ type: string; text: string }>;
  };
  error: { code: number; message: string };
}

type McpResponse = McpHttpResponse<RpcBody>;

function post(key: string | null, message: unknown, headers: Record<string, string> = {}): Promise<McpResponse> {
  return postMcpMessage<RpcBody>("/mcp/memory", key, message, headers);
}

/** A client of the session-based revisions: initialize, then every message with the session id and version. */
async function legacyClient(key: string, protocolVersion = "2025-06-18") {
  const initialized = await post(key, {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion, capabilities: {}, clientInfo: { name: "test-client", version: "1.0.0" } },
  });
  const sessionId = initialized.headers.get("mcp-session-id") ?? "";
  let nextId = 1;
  const headers = () => ({ "mcp-session-id": sessionId, "mcp-protocol-version": protocolVersion });
  return {
    initialized,
    sessionId,
    request: (method: string, params?: unknown) =>
      post(key, { jsonrpc: "2.0", id: nextId++, method, ...(params === undefined ? {} : { params }) }, headers()),
    notify: (method: string) => post(key, { jsonrpc: "2.0", method }, headers()),
    callTool: (name: string, args: unknown) =>
      post(key, { jsonrpc: "2.0", id: nextId++, method: "tools/call", params: { name, arguments: args } }, headers()),
  };
}

/** A request of the stateless revision (modernMcpMessage). */
function modern(
  key: string,
  method: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const request = modernMcpMessage(method, params, { name: "test-client", version: "1.0.0" });
  return post(key, request.message, { ...request.headers, ...headers });
}

async function agentKey(agentId: string): Promise<string> {
  const created = await postAdmin("/key/generate", { agent_id: agentId });
  expect(created.status).toBe(200);
  return String(created.body.key);
}

function freshAgentId(): string {
  return `agent-${crypto.randomUUID()}`;
}

beforeEach(async () => {
  await activateConfig(DEMO_GATEWAY_CONFIG);
});

describe("MCP memory server, session-based revisions", () => {
  it("initialize → tools/list → save_memory with a secret → search_memory returns the scrubbed text", async () => {
    const client = await legacyClient(await agentKey(freshAgentId()));
    expect(client.initialized.status).toBe(200);
    expect(client.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.initialized.body).toMatchObject({
      jsonrpc: "2.0",
      id: 0,
      result: {
        protocolVersion: "2025-06-18",
        capabilities: { tools: { listChanged: false } },
        serverInfo: { name: "switchyard-memory" },
      },
    });

    const initializedNotice = await client.notify("notifications/initialized");
    expect(initializedNotice.status).toBe(202);
    expect(initializedNotice.body).toBeUndefined();

    const listed = await client.request("tools/list");
    expect(listed.status).toBe(200);
    expect(listed.headers.get("content-type")).toBe("application/json");
    const tools = listed.body?.result.tools ?? [];
    expect(tools.map((tool) => [tool.name, tool.inputSchema.type, tool.inputSchema.required])).toEqual([
      ["save_memory", "object", ["text"]],
      ["search_memory", "object", ["query"]],
      ["get_memory_block", "object", ["name"]],
      ["update_memory_block", "object", ["name", "value"]],
    ]);

    const saved = await client.callTool("save_memory", {
      text: `Billing service calls OpenAI with ${OPENAI_KEY} from the nightly job`,
      tags: ["billing"],
      key: "billing.openai",
    });
    expect(saved.status).toBe(200);
    expect(saved.body?.result).toMatchObject({
      isError: false,
      structuredContent: { key: "billing.openai", created: true, redactions: ["openai_api_key"] },
    });

    const found = await client.callTool("search_memory", { query: "billing openai nightly" });
    expect(found.body?.result.isError).toBe(false);
    expect(found.body?.result.structuredContent.results).toMatchObject([
      {
        key: "billing.openai",
        text: "Billing service calls OpenAI with [REDACTED:openai_api_key] from the nightly job",
        tags: ["billing"],
      },
    ]);
    expect(JSON.stringify(found.body)).not.toContain(OPENAI_KEY);
    expect(JSON.parse(found.body?.result.content[0]?.text ?? "")).toEqual(found.body?.result.structuredContent);

    expect((await client.request("ping")).body).toEqual({ jsonrpc: "2.0", id: 4, result: {} });
  });

  it("negotiates the version: a known one is echoed, any other gets our newest session-based one", async () => {
    const key = await agentKey(freshAgentId());
    for (const [requested, answered] of [
      ["2025-03-26", "2025-03-26"],
      ["2025-11-25", "2025-11-25"],
      ["2024-11-05", "2025-11-25"],
      [MODERN, "2025-11-25"],
    ]) {
      const client = await legacyClient(key, requested);
      expect(client.initialized.body?.result.protocolVersion).toBe(answered);
    }
  });

  it("requires a live session: 400 without one, 404 for an unknown or ended one, 400 on a version mismatch", async () => {
    const key = await agentKey(freshAgentId());
    const client = await legacyClient(key);
    const list = { jsonrpc: "2.0", id: 9, method: "tools/list" };

    const missing = await post(key, list, { "mcp-protocol-version": "2025-06-18" });
    expect(missing).toMatchObject({ status: 400, body: { id: 9, error: { code: -32600 } } });
    expect(missing.body?.error.message).toContain("Mcp-Session-Id");
    const unknown = await post(key, list, { "mcp-session-id": crypto.randomUUID() });
    expect(unknown).toMatchObject({ status: 404, body: { id: 9, error: { code: -32600 } } });
    const mismatch = await post(key, list, {
      "mcp-session-id": client.sessionId,
      "mcp-protocol-version": "2025-11-25",
    });
    expect(mismatch).toMatchObject({ status: 400, body: { error: { code: -32600 } } });

    const ended = await callGateway("/mcp/memory", {
      method: "DELETE",
      headers: { authorization: `Bearer ${key}`, "mcp-session-id": client.sessionId },
    });
    expect(ended.response.status).toBe(204);
    expect((await client.request("tools/list")).status).toBe(404);
  });

  it("keeps a session to its agent: another agent's key cannot use it", async () => {
    const alice = await legacyClient(await agentKey(freshAgentId()));
    const bobKey = await agentKey(freshAgentId());
    const borrowed = await post(
      bobKey,
      { jsonrpc: "2.0", id: 1, method: "tools/list" },
      { "mcp-session-id": alice.sessionId, "mcp-protocol-version": "2025-06-18" },
    );
    expect(borrowed.status).toBe(404);
  });

  it("reports unknown methods and tools as JSON-RPC errors, tool failures as isError results", async () => {
    const client = await legacyClient(await agentKey(freshAgentId()));
    expect(await client.request("resources/list")).toMatchObject({
      status: 200,
      body: { error: { code: -32601, message: "Method not found: resources/list" } },
    });
    expect(await client.callTool("forget_everything", {})).toMatchObject({
      status: 200,
      body: { error: { code: -32602, message: "Unknown tool: forget_everything" } },
    });

    const noText = await client.callTool("save_memory", { tags: ["x"] });
    expect(noText.body?.result).toEqual({
      content: [{ type: "text", text: "Missing required parameter: 'text'." }],
      isError: true,
    });
    const pickAgent = await client.callTool("save_memory", { text: "hello", agentId: "someone-else" });
    expect(pickAgent.body?.result).toMatchObject({
      isError: true,
      content: [{ text: "Unrecognized parameter(s) in the request body: agentId." }],
    });
    const noBlock = await client.callTool("get_memory_block", { name: "customer.preferences" });
    expect(noBlock.body?.result).toMatchObject({
      isError: true,
      content: [{ text: expect.stringContaining("No memory block") }],
    });
  });

  it("creates, reads and validates memory blocks", async () => {
    const client = await legacyClient(await agentKey(freshAgentId()));
    const schema = {
      type: "object",
      properties: { style: { enum: ["tabs", "spaces"] }, width: { type: "integer", maximum: 200 } },
      required: ["style"],
    };
    const created = await client.callTool("update_memory_block", {
      name: "repo.conventions",
      schema,
      value: { style: "spaces", width: 100 },
    });
    expect(created.body?.result).toMatchObject({
      isError: false,
      structuredContent: { name: "repo.conventions", version: 1, created: true, redactions: [] },
    });
    const refused = await client.callTool("update_memory_block", {
      name: "repo.conventions",
      value: { style: "both", width: 400 },
    });
    expect(refused.body?.result).toEqual({
      isError: true,
      content: [
        {
          type: "text",
          text: `Invalid value for 'value.style': expected one of "tabs", "spaces". Also: 'value.width': must be at most 200.`,
        },
      ],
    });
    const read = await client.callTool("get_memory_block", { name: "repo.conventions" });
    expect(read.body?.result.structuredContent).toMatchObject({
      schema,
      value: { style: "spaces", width: 100 },
      version: 1,
    });
  });
});

describe("MCP memory server, stateless revision 2026-07-28", () => {
  it("serves server/discover, tools/list and tools/call without a session", async () => {
    const key = await agentKey(freshAgentId());
    const discovered = await modern(key, "server/discover");
    expect(discovered.status).toBe(200);
    expect(discovered.headers.get("mcp-session-id")).toBeNull();
    expect(discovered.body).toMatchObject({
      id: "m-1",
      result: {
        resultType: "complete",
        supportedVersions: [MODERN, "2025-11-25", "2025-06-18", "2025-03-26"],
        capabilities: { tools: { listChanged: false } },
        cacheScope: "public",
        _meta: { "io.modelcontextprotocol/serverInfo": { name: "switchyard-memory" } },
      },
    });

    const listed = await modern(key, "tools/list");
    expect(listed.body?.result).toMatchObject({ resultType: "complete", ttlMs: 300_000, cacheScope: "public" });
    expect(listed.body?.result.tools).toHaveLength(4);

    const saved = await modern(key, "tools/call", {
      name: "save_memory",
      arguments: { text: `Staging uses ${OPENAI_KEY}` },
    });
    expect(saved.body?.result).toMatchObject({
      resultType: "complete",
      isError: false,
      structuredContent: { created: true, redactions: ["openai_api_key"] },
    });
    const found = await modern(key, "tools/call", { name: "search_memory", arguments: { query: "staging" } });
    expect(found.body?.result.structuredContent.results).toMatchObject([
      { text: "Staging uses [REDACTED:openai_api_key]" },
    ]);
  });

  it("checks that the headers mirror the body", async () => {
    const key = await agentKey(freshAgentId());
    const noMethod = await modern(key, "tools/list", {}, { "mcp-method": "" });
    expect(noMethod).toMatchObject({ status: 400, body: { id: "m-1", error: { code: -32020 } } });
    const wrongVersion = await modern(key, "tools/list", {}, { "mcp-protocol-version": "2025-06-18" });
    expect(wrongVersion).toMatchObject({ status: 400, body: { error: { code: -32020 } } });
    const wrongName = await modern(
      key,
      "tools/call",
      { name: "search_memory", arguments: { query: "x" } },
      {
        "mcp-name": "save_memory",
      },
    );
    expect(wrongName).toMatchObject({ status: 400, body: { error: { code: -32020 } } });
    // Values outside plain ASCII-safe header text come base64-encoded; the server decodes before comparing.
    const encoded = await modern(
      key,
      "tools/call",
      { name: "search_memory", arguments: { query: "x" } },
      {
        "mcp-name": `=?base64?${btoa("search_memory")}?=`,
      },
    );
    expect(encoded).toMatchObject({ status: 200, body: { result: { isError: false } } });
  });

  it("refuses unsupported versions with the supported list, missing _meta with -32602, unknown methods with 404", async () => {
    const key = await agentKey(freshAgentId());
    const future = await post(
      key,
      {
        jsonrpc: "2.0",
        id: 7,
        method: "tools/list",
        params: {
          _meta: {
            "io.modelcontextprotocol/protocolVersion": "2099-01-01",
            "io.modelcontextprotocol/clientCapabilities": {},
          },
        },
      },
      { "mcp-protocol-version": "2099-01-01", "mcp-method": "tools/list" },
    );
    expect(future).toMatchObject({
      status: 400,
      body: {
        id: 7,
        error: {
          code: -32022,
          data: { supported: [MODERN, "2025-11-25", "2025-06-18", "2025-03-26"], requested: "2099-01-01" },
        },
      },
    });
    const noMeta = await post(
      key,
      { jsonrpc: "2.0", id: 8, method: "tools/list" },
      {
        "mcp-protocol-version": MODERN,
        "mcp-method": "tools/list",
      },
    );
    expect(noMeta).toMatchObject({ status: 400, body: { id: 8, error: { code: -32602 } } });
    // ping belongs to the session-based revisions only.
    expect(await modern(key, "ping")).toMatchObject({ status: 404, body: { error: { code: -32601 } } });
  });
});

describe("MCP memory server transport and authentication", () => {
  it("authenticates by the agent's key: 401 without a key, 403 for keys that belong to no agent", async () => {
    const initialize = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18" } };
    const anonymous = await post(null, initialize);
    expect(anonymous).toMatchObject({ status: 401, body: { jsonrpc: "2.0", error: { code: -31001 } } });
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="switchyard"');
    expect(await post("sk-not-a-real-key-at-all", initialize)).toMatchObject({ status: 401 });

    const plainKey = String((await postAdmin("/key/generate", {})).body.key);
    expect(await post(plainKey, initialize)).toMatchObject({ status: 403, body: { error: { code: -31003 } } });
    expect(await post(TEST_MASTER_KEY, initialize)).toMatchObject({ status: 403, body: { error: { code: -31003 } } });
  });

  it("answers malformed messages, batches, GET and foreign origins at the transport level", async () => {
    const key = await agentKey(freshAgentId());
    expect(await post(key, "{not json")).toMatchObject({ status: 400, body: { error: { code: -32700 } } });
    expect(await post(key, [{ jsonrpc: "2.0", id: 1, method: "ping" }])).toMatchObject({
      status: 400,
      body: { error: { code: -32600 } },
    });
    expect(await post(key, { jsonrpc: "1.0", id: 1, method: "ping" })).toMatchObject({
      status: 400,
      body: { error: { code: -32600 } },
    });
    const foreign = await post(key, { jsonrpc: "2.0", id: 1, method: "ping" }, { origin: "https://evil.example" });
    expect(foreign).toMatchObject({ status: 403, body: { error: { code: -31003 } } });

    const get = await callGateway("/mcp/memory", { headers: { authorization: `Bearer ${key}` } });
    expect(get.response.status).toBe(405);
    expect(get.response.headers.get("allow")).toBe("POST, DELETE");
  });
});

describe("memory round trip through the admin REST API and MCP", () => {
  it("shares one scrubbed store between REST and MCP, per agent", async () => {
    const agentId = freshAgentId();
    const key = await agentKey(agentId);

    const saved = await postAdmin(`/agents/${agentId}/memory`, {
      text: `Ops note: the read replica is postgres://ops:Vt8wQ3zK9mLp2@replica.internal/app`,
      tags: ["ops"],
    });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({
      created: true,
      redactions: ["connection_string_password"],
      memory: {
        text: "Ops note: the read replica is postgres://ops:[REDACTED:connection_string_password]@replica.internal/app",
        tags: ["ops"],
      },
    });

    // The agent finds the admin's note through MCP…
    const client = await legacyClient(key);
    const viaMcp = await client.callTool("search_memory", { query: "replica", tags: ["ops"] });
    expect(viaMcp.body?.result.structuredContent.results).toMatchObject([{ id: saved.body.id, tags: ["ops"] }]);
    // …and the admin finds the agent's note through REST, scrubbed.
    await client.callTool("save_memory", { text: `Deploy with OPENAI_API_KEY=${OPENAI_KEY}`, key: "deploy" });
    const searched = await callAdmin(`/agents/${agentId}/memory/search?q=deploy`);
    expect(searched).toMatchObject({
      status: 200,
      body: { results: [{ key: "deploy", text: "Deploy with OPENAI_API_KEY=[REDACTED:openai_api_key]" }] },
    });
    const listed = await callAdmin(`/agents/${agentId}/memory?tags=ops`);
    expect(listed.body).toMatchObject({ total: 1, memories: [{ id: saved.body.id }] });

    // Another agent sees none of it, through either door.
    const otherAgent = freshAgentId();
    expect((await callAdmin(`/agents/${otherAgent}/memory`)).body).toEqual({ memories: [], total: 0 });
    const other = await legacyClient(await agentKey(otherAgent));
    expect((await other.callTool("search_memory", { query: "replica deploy" })).body?.result.structuredContent).toEqual(
      {
        results: [],
      },
    );

    const deleted = await callAdmin(`/agents/${agentId}/memory/${String(saved.body.id)}`, { method: "DELETE" });
    expect(deleted).toEqual({ status: 200, body: { deleted: saved.body.id } });
    expect((await callAdmin(`/agents/${agentId}/memory/${String(saved.body.id)}`, { method: "DELETE" })).status).toBe(
      404,
    );
    expect((await callAdmin(`/agents/${agentId}/memory/search?q=replica`)).body).toEqual({ results: [] });
  });

  it("upserts by key over REST: 201 then 200 with the same id", async () => {
    const agentId = freshAgentId();
    const first = await postAdmin(`/agents/${agentId}/memory`, { key: "owner", text: "Team Atlas owns billing" });
    const second = await postAdmin(`/agents/${agentId}/memory`, { key: "owner", text: "Team Nova owns billing" });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body).toMatchObject({
      id: first.body.id,
      created: false,
      memory: { text: "Team Nova owns billing" },
    });
  });

  it("reads and writes blocks over REST, naming the failing path in 400s", async () => {
    const agentId = freshAgentId();
    const path = `/agents/${agentId}/memory/blocks/customer.preferences`;
    const schema = { type: "object", properties: { language: { enum: ["en", "de"] } }, required: ["language"] };

    expect(await callAdmin(path)).toMatchObject({ status: 404, body: { error: { code: "route_not_found" } } });
    const noSchema = await callAdmin(path, { method: "PUT", body: JSON.stringify({ value: { language: "en" } }) });
    expect(noSchema).toMatchObject({ status: 400, body: { error: { param: "schema" } } });
    const badSchema = await callAdmin(path, {
      method: "PUT",
      body: JSON.stringify({ schema: { type: "object", oneOf: [] }, value: {} }),
    });
    expect(badSchema).toMatchObject({
      status: 400,
      body: { error: { param: "schema", message: "Unrecognized parameter(s) in 'schema': oneOf." } },
    });
    const created = await callAdmin(path, {
      method: "PUT",
      body: JSON.stringify({ schema, value: { language: "en" } }),
    });
    expect(created).toMatchObject({ status: 201, body: { name: "customer.preferences", version: 1, created: true } });
    const badValue = await callAdmin(path, { method: "PUT", body: JSON.stringify({ value: { language: "fr" } }) });
    expect(badValue).toMatchObject({
      status: 400,
      body: {
        error: {
          type: "invalid_request_error",
          param: "value.language",
          message: `Invalid value for 'value.language': expected one of "en", "de".`,
        },
      },
    });
    const updated = await callAdmin(path, { method: "PUT", body: JSON.stringify({ value: { language: "de" } }) });
    expect(updated).toMatchObject({ status: 200, body: { version: 2, created: false } });
    expect(await callAdmin(path)).toMatchObject({
      status: 200,
      body: { schema, value: { language: "de" }, version: 2 },
    });
  });

  it("validates REST input and enforces roles", async () => {
    const agentId = freshAgentId();
    expect(await postAdmin(`/agents/${agentId}/memory`, { tags: ["x"] })).toMatchObject({
      status: 400,
      body: { error: { param: "text" } },
    });
    expect(await callAdmin(`/agents/${agentId}/memory/search`)).toMatchObject({
      status: 400,
      body: { error: { param: "q" } },
    });
    expect((await callAdmin(`/agents/${agentId}/memory/blocks/bad name!`)).status).toBe(400);

    const viewer = String((await postAdmin("/key/generate", { role: "viewer" })).body.key);
    expect((await callAdmin(`/agents/${agentId}/memory`, { key: viewer })).status).toBe(200);
    expect(await postAdmin(`/agents/${agentId}/memory`, { text: "hi" }, viewer)).toMatchObject({ status: 403 });

    const teamId = `team-${crypto.randomUUID()}`;
    expect((await postAdmin("/team/new", { team_id: teamId })).status).toBe(200);
    const teamAdmin = String((await postAdmin("/key/generate", { role: "team_admin", team_id: teamId })).body.key);
    // An agent outside the registry belongs to no team, so no team_admin reaches it.
    expect((await callAdmin(`/agents/${agentId}/memory`, { key: teamAdmin })).status).toBe(403);
  });
});
