import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { activateConfig } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { DEMO_GATEWAY_CONFIG } from "../../helpers/demo-gateway-config.ts";
import {
  connectAgentToMockServer,
  legacyClient,
  modernRequest,
  postMcp,
  putPolicy,
  registerServer,
  textOf,
  traceOf,
  unique,
} from "./mcp-gateway-helpers.ts";
import type { mockMcpUpstream } from "./mcp-upstream-fixture.ts";

function policyFor(server: string, overrides: Array<Record<string, unknown>> = []) {
  return {
    default_action: "deny",
    rules: [
      ...overrides,
      { server, tool: "delete_*", action: "deny", reason: "Deleting repositories is not allowed." },
      {
        server,
        tool: "run_query",
        action: "allow",
        arguments: { query: { type: "string", notContains: ["DELETE", "DROP"] } },
      },
      { server, tool: "search", action: "allow" },
      { server, tool: "echo_secret", action: "allow" },
    ],
  };
}

interface Setup {
  server: string;
  secret: string;
  teamId: string;
  agentId: string;
  key: string;
  upstream: ReturnType<typeof mockMcpUpstream>;
}

async function setUp(protocol: "legacy" | "modern", policy = true): Promise<Setup> {
  const setup = await connectAgentToMockServer("srv", protocol);
  if (policy) await putPolicy(setup.agentId, policyFor(setup.server));
  return setup;
}

async function auditEntries(action: string) {
  const listed = await callAdmin(`/audit?action=${action}&limit=500`);
  expect(listed.status).toBe(200);
  return listed.body.entries as Array<{
    target: { id: string };
    details: Record<string, unknown>;
    actor: { role: string };
  }>;
}

beforeEach(async () => {
  await activateConfig(DEMO_GATEWAY_CONFIG);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("MCP gateway, session-based client in front of a session-based upstream", () => {
  it("lists only the tools the policy allows and forwards an allowed call with the server's credentials", async () => {
    const setup = await setUp("legacy");
    const client = await legacyClient(setup.server, setup.key, "sess-list");
    expect(client.initialized.status).toBe(200);
    expect(client.sessionId).toMatch(/^sy1\./);
    expect(client.initialized.body?.result).toMatchObject({
      protocolVersion: "2025-06-18",
      capabilities: { tools: {} },
    });

    const listed = await client.request("tools/list");
    expect(listed.status).toBe(200);
    expect(listed.body?.result?.tools?.map((tool) => tool.name)).toEqual(["search", "run_query", "echo_secret"]);

    const allowed = await client.callTool("run_query", { query: "SELECT name FROM users" });
    expect(allowed.status).toBe(200);
    expect(allowed.body?.result).toMatchObject({
      isError: false,
      content: [{ type: "text", text: "rows for SELECT name FROM users" }],
    });
    // SSE answers are read too.
    expect(textOf(await client.callTool("search", { q: "widgets" }))).toBe("found: widgets");

    for (const request of setup.upstream.seen) {
      expect(request.headers.get("authorization")).toBe(`Bearer ${setup.secret}`);
      expect(request.headers.get("x-tenant")).toBe("acme");
    }
    expect(setup.upstream.seen.filter((request) => request.rpcMethod === "initialize")).toHaveLength(1);
    expect(setup.upstream.toolCalls()).toEqual([
      { name: "run_query", arguments: { query: "SELECT name FROM users" } },
      { name: "search", arguments: { q: "widgets" } },
    ]);

    const trace = await traceOf(setup.teamId, "sess-list");
    expect(trace.mcpToolCalls).toHaveLength(2);
    expect(trace.mcpToolCalls?.[0]).toMatchObject({
      server: setup.server,
      tool: "run_query",
      arguments: JSON.stringify({ query: "SELECT name FROM users" }),
      decision: "allowed",
      policyVersion: 1,
      policyRule: 1,
      isError: false,
      agentId: setup.agentId,
    });
    expect(trace.mcpToolCalls?.[0]?.result).toContain("rows for SELECT name FROM users");
  });

  it("denies a tool the policy refuses, without calling the upstream, and traces and audits it", async () => {
    const setup = await setUp("legacy");
    const client = await legacyClient(setup.server, setup.key, "sess-deny");
    const denied = await client.callTool("delete_repo", { repo: "acme/app" });
    expect(denied.status).toBe(200);
    expect(denied.body?.result?.isError).toBe(true);
    expect(textOf(denied)).toBe("Deleting repositories is not allowed. (tool policy v1)");
    expect(setup.upstream.toolCalls()).toEqual([]);

    const trace = await traceOf(setup.teamId, "sess-deny");
    expect(trace.mcpToolCalls?.[0]).toMatchObject({
      tool: "delete_repo",
      decision: "denied",
      reason: "tool_denied",
      policyVersion: 1,
      result: null,
      arguments: JSON.stringify({ repo: "acme/app" }),
    });
    const entries = await auditEntries("mcp_tool.denied");
    const entry = entries.find((candidate) => candidate.target.id === `${setup.server}/delete_repo`);
    expect(entry?.actor.role).toBe("agent");
    expect(entry?.details).toMatchObject({
      agent_id: setup.agentId,
      reason: "tool_denied",
      policy_version: 1,
      session_id: "sess-deny",
    });
  });

  it("denies a call whose arguments break an argument rule (query containing DELETE, any case)", async () => {
    const setup = await setUp("legacy");
    const client = await legacyClient(setup.server, setup.key, "sess-args");
    const denied = await client.callTool("run_query", { query: "delete from users where 1=1" });
    expect(denied.body?.result?.isError).toBe(true);
    expect(textOf(denied)).toContain("'query' must not contain 'DELETE'");
    expect(setup.upstream.toolCalls()).toEqual([]);
    const trace = await traceOf(setup.teamId, "sess-args");
    expect(trace.mcpToolCalls?.[0]).toMatchObject({ decision: "denied", reason: "argument_rule", policyRule: 1 });
    const entries = await auditEntries("mcp_tool.denied");
    expect(
      entries.some(
        (entry) => entry.target.id === `${setup.server}/run_query` && entry.details.reason === "argument_rule",
      ),
    ).toBe(true);
  });

  it("never lets the server's credential reach the agent, even from a server that echoes it", async () => {
    const setup = await setUp("legacy");
    const client = await legacyClient(setup.server, setup.key, "sess-echo");
    const echoed = await client.callTool("echo_secret", {});
    expect(echoed.status).toBe(200);
    expect(echoed.text).not.toContain(setup.secret);
    expect(textOf(echoed)).toBe("you sent [REDACTED:mcp_credential]");
    const trace = await traceOf(setup.teamId, "sess-echo");
    expect(JSON.stringify(trace)).not.toContain(setup.secret);
  });

  it("applies a policy edit to the next request (CONFIG_REFRESH_MS=0), traced with the new version", async () => {
    const setup = await setUp("legacy");
    const client = await legacyClient(setup.server, setup.key, "sess-edit");
    expect((await client.request("tools/list")).body?.result?.tools?.map((tool) => tool.name)).not.toContain(
      "delete_repo",
    );
    await putPolicy(setup.agentId, { default_action: "allow", rules: [] });
    expect((await client.request("tools/list")).body?.result?.tools?.map((tool) => tool.name)).toContain("delete_repo");
    expect(textOf(await client.callTool("delete_repo", { repo: "acme/app" }))).toBe("done: delete_repo");
    const trace = await traceOf(setup.teamId, "sess-edit");
    expect(trace.mcpToolCalls?.[0]).toMatchObject({
      tool: "delete_repo",
      decision: "allowed",
      policyVersion: 2,
      policyRule: null,
    });
  });

  it("answers 404 when the upstream forgot the mapped session, so the client initializes again", async () => {
    const setup = await setUp("legacy");
    const client = await legacyClient(setup.server, setup.key, "sess-expire");
    setup.upstream.forgetSessions();
    const expired = await client.request("tools/list");
    expect(expired.status).toBe(404);
    const again = await legacyClient(setup.server, setup.key, "sess-expire");
    expect((await again.request("tools/list")).status).toBe(200);
  });
});

describe("MCP gateway, stateless clients and upstreams", () => {
  it("serves a stateless client in front of a session-based upstream (one pooled upstream session)", async () => {
    const setup = await setUp("legacy");
    const listed = await modernRequest(setup.server, setup.key, "tools/list", {}, "sess-m1");
    expect(listed.status).toBe(200);
    expect(listed.body?.result).toMatchObject({ resultType: "complete", cacheScope: "private" });
    expect(listed.body?.result?.tools?.map((tool) => tool.name)).toEqual(["search", "run_query", "echo_secret"]);
    const called = await modernRequest(
      setup.server,
      setup.key,
      "tools/call",
      { name: "run_query", arguments: { query: "SELECT 1" } },
      "sess-m1",
    );
    expect(called.body?.result).toMatchObject({ resultType: "complete", content: [{ text: "rows for SELECT 1" }] });
    expect(setup.upstream.seen.filter((request) => request.rpcMethod === "initialize")).toHaveLength(1);
  });

  it("serves both client generations in front of a stateless upstream, with _meta and Mcp-Method sent upstream", async () => {
    const setup = await setUp("modern");
    const called = await modernRequest(
      setup.server,
      setup.key,
      "tools/call",
      { name: "delete_repo", arguments: { repo: "x" } },
      "sess-m2",
    );
    expect(called.status).toBe(200);
    expect(called.body?.result).toMatchObject({ isError: true, resultType: "complete" });
    const client = await legacyClient(setup.server, setup.key, "sess-m2");
    expect(textOf(await client.callTool("run_query", { query: "SELECT 2" }))).toBe("rows for SELECT 2");
    const forwarded = setup.upstream.seen.find((request) => request.rpcMethod === "tools/call");
    expect(forwarded?.headers.get("mcp-method")).toBe("tools/call");
    expect(forwarded?.headers.get("mcp-name")).toBe("run_query");
    expect(forwarded?.headers.get("mcp-session-id")).toBeNull();
    expect((forwarded?.body?.params as { _meta?: Record<string, unknown> } | undefined)?._meta).toMatchObject({
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    });
    expect(setup.upstream.seen.some((request) => request.rpcMethod === "initialize")).toBe(false);
    const trace = await traceOf(setup.teamId, "sess-m2");
    expect(trace.mcpToolCalls?.map((call) => call.decision)).toEqual(["denied", "allowed"]);
  });

  it("refuses a mismatched Mcp-Name header like the memory server does", async () => {
    const setup = await setUp("modern");
    const response = await postMcp(
      setup.server,
      setup.key,
      {
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: {
          name: "delete_repo",
          arguments: {},
          _meta: {
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientCapabilities": {},
          },
        },
      },
      { "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "search" },
    );
    expect(response.status).toBe(400);
    expect(response.body?.error?.code).toBe(-32020);
  });
});

describe("MCP gateway access", () => {
  it("refuses a server the agent does not list (403, audited) and keys without an agent", async () => {
    const setup = await setUp("legacy");
    const other = unique("other");
    await registerServer(other, `${other}.example.com`, "other-secret-value");
    const refused = await postMcp(other, setup.key, {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18" },
    });
    expect(refused.status).toBe(403);
    expect(refused.body?.error?.code).toBe(-31003);
    expect(refused.body?.error?.message).toContain("allowed_mcp_servers");
    const entries = await auditEntries("mcp_server.denied");
    expect(entries.some((entry) => entry.target.id === other && entry.details.agent_id === setup.agentId)).toBe(true);

    const plainKey = String((await postAdmin("/key/generate", {})).body.key);
    const plain = await postMcp(setup.server, plainKey, {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18" },
    });
    expect(plain.status).toBe(403);
  });

  it("offers every tool to an agent without a stored policy (version 0)", async () => {
    const setup = await setUp("legacy", false);
    const client = await legacyClient(setup.server, setup.key, "sess-nopolicy");
    expect((await client.request("tools/list")).body?.result?.tools).toHaveLength(4);
    const policy = await callAdmin(`/agents/${setup.agentId}/tool_policy`);
    expect(policy.body).toMatchObject({ version: 0, policy: { default_action: "allow" } });
  });

  it("keeps server credentials out of admin answers and the audit trail", async () => {
    const name = unique("vault");
    const secret = `very-secret-${crypto.randomUUID()}`;
    const created = await registerServer(name, `${name}.example.com`, secret);
    expect(JSON.stringify(created)).not.toContain(secret);
    expect(created).toMatchObject({ credential_headers: ["Authorization"], gateway_path: `/mcp/${name}` });
    const read = await callAdmin(`/mcp_servers/${name}`);
    expect(JSON.stringify(read.body)).not.toContain(secret);
    const entries = await auditEntries("mcp_server.create");
    const entry = entries.find(
      (candidate) => (candidate.details.request as { name?: string } | undefined)?.name === name,
    );
    expect(entry?.details.request).toMatchObject({ credentials: { Authorization: "[REDACTED]" } });
    expect(JSON.stringify(entries)).not.toContain(secret);
  });

  it("refuses a policy with an invalid pattern and a server named like a built-in", async () => {
    const setup = await setUp("legacy", false);
    const bad = await callAdmin(`/agents/${setup.agentId}/tool_policy`, {
      method: "PUT",
      body: JSON.stringify({
        rules: [{ server: "*", tool: "*", action: "allow", arguments: { q: { pattern: "(" } } }],
      }),
    });
    expect(bad.status).toBe(400);
    const reserved = await postAdmin("/mcp_servers", { name: "memory", url: "https://memory.example.com/mcp" });
    expect(reserved.status).toBe(400);
  });
});
