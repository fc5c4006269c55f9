import type { AdminFixture } from "./admin-fixture.ts";
import { get, type RouteCase, unique } from "./admin-rbac-policies.ts";

/** `?scope=` of the fixture's session, as GET /sessions/:id takes it. */
async function sessionPath(fixture: AdminFixture, suffix: string): Promise<string> {
  const session = await fixture.session();
  return `/sessions/${session.id}${suffix}?scope=${encodeURIComponent(session.scope)}`;
}

const unknownApproval = async (fixture: AdminFixture) => `apr_${"0".repeat(24)}_${(await fixture.agent()).id}`;

/** Agents, their memory and governance (approvals, kill switches, tool policies), the vault and MCP servers. */
export const AGENT_ROUTE_CASES: Record<string, RouteCase> = {
  "POST /agents": {
    policy: "teamWrite",
    request: async (f) => {
      const name = unique("rbac-new-agent");
      return { path: "/agents", body: { name, team_id: await f.team(), harness: "codex", default_model: "demo" } };
    },
  },
  "GET /agents": { policy: "read", request: get("/agents") },
  "GET /agents/:id": { policy: "teamRead", request: async (f) => ({ path: `/agents/${(await f.agent()).id}` }) },
  "PATCH /agents/:id": {
    policy: "teamWrite",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}`, body: { description: "patched" } }),
  },
  "DELETE /agents/:id": {
    policy: "teamWrite",
    fresh: true,
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}` }),
  },
  "GET /agents/:id/versions": {
    policy: "teamRead",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/versions` }),
  },
  "GET /agents/:id/versions/:from/diff/:to": {
    policy: "teamRead",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/versions/1/diff/1` }),
  },
  "POST /agents/:id/keys/rotate": {
    policy: "teamWrite",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/keys/rotate` }),
  },
  "GET /agents/:id/connect": {
    policy: "teamRead",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/connect?base_url=https://gateway.example.com` }),
  },
  "GET /agents/:id/memory": {
    policy: "teamRead",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/memory` }),
  },
  "POST /agents/:id/memory": {
    policy: "teamWrite",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/memory`, body: { text: "a new note" } }),
  },
  "GET /agents/:id/memory/search": {
    policy: "teamRead",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/memory/search?q=note` }),
  },
  "DELETE /agents/:id/memory/:memoryId": {
    policy: "teamWrite",
    fresh: true,
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/memory/${await f.memory()}` }),
  },
  "GET /agents/:id/memory/blocks/:name": {
    policy: "teamRead",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/memory/blocks/${await f.block()}` }),
  },
  "PUT /agents/:id/memory/blocks/:name": {
    policy: "teamWrite",
    request: async (f) => ({
      path: `/agents/${(await f.agent()).id}/memory/blocks/${await f.block()}`,
      body: { value: { indent: 4 } },
    }),
  },

  "GET /approvals": { policy: "read", request: get("/approvals?status=all") },
  "POST /approvals/:id/approve": {
    policy: "teamWrite",
    missingResource: true,
    request: async (f) => ({ path: `/approvals/${await unknownApproval(f)}/approve`, body: {} }),
  },
  "POST /approvals/:id/reject": {
    policy: "teamWrite",
    missingResource: true,
    request: async (f) => ({ path: `/approvals/${await unknownApproval(f)}/reject`, body: { reason: "no" } }),
  },
  "POST /agents/:id/stop": {
    policy: "teamWrite",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/stop`, body: { reason: "rbac matrix" } }),
  },
  "POST /agents/:id/resume": {
    policy: "teamWrite",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/resume`, body: {} }),
  },
  "GET /agents/:id/control": {
    policy: "teamRead",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/control` }),
  },
  "POST /sessions/:id/stop": {
    policy: "teamWrite",
    request: async (f) => ({ path: await sessionPath(f, "/stop"), body: { reason: "rbac matrix" } }),
  },
  "POST /sessions/:id/resume": {
    policy: "teamWrite",
    request: async (f) => ({ path: await sessionPath(f, "/resume"), body: {} }),
  },
  "GET /sessions/:id/control": {
    policy: "teamRead",
    request: async (f) => ({ path: await sessionPath(f, "/control") }),
  },
  "POST /key/stop": {
    policy: "teamWrite",
    request: async (f) => ({ path: "/key/stop", body: { key: (await f.key()).hash } }),
  },
  "POST /key/resume": {
    policy: "teamWrite",
    request: async (f) => ({ path: "/key/resume", body: { key: (await f.key()).hash } }),
  },

  "POST /vault/credentials": {
    policy: "teamWrite",
    request: async (f) => ({
      path: "/vault/credentials",
      body: {
        team_id: await f.team(),
        name: unique("rbac-new-credential"),
        secret: "another-secret-0123",
        destinations: [{ host: "api.example.com" }],
        injection: { in: "query", name: "key" },
      },
    }),
  },
  "GET /vault/credentials": { policy: "read", request: get("/vault/credentials") },
  "GET /vault/credentials/:id": {
    policy: "teamRead",
    request: async (f) => ({ path: `/vault/credentials/${await f.vaultCredential()}` }),
  },
  "PATCH /vault/credentials/:id": {
    policy: "teamWrite",
    request: async (f) => ({
      path: `/vault/credentials/${await f.vaultCredential()}`,
      body: { description: "patched" },
    }),
  },
  "POST /vault/credentials/:id/rotate": {
    policy: "teamWrite",
    request: async (f) => ({
      path: `/vault/credentials/${await f.vaultCredential()}/rotate`,
      body: { secret: "rotated-secret-0123" },
    }),
  },
  "DELETE /vault/credentials/:id": {
    policy: "teamWrite",
    fresh: true,
    request: async (f) => ({ path: `/vault/credentials/${await f.vaultCredential()}` }),
  },
  "GET /agents/:id/credentials": {
    policy: "teamRead",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/credentials` }),
  },

  "POST /mcp_servers": {
    policy: "teamWrite",
    request: async (f) => ({
      path: "/mcp_servers",
      body: { name: unique("rbac-new-mcp").toLowerCase(), url: "https://mcp.example.com/mcp", team_id: await f.team() },
    }),
  },
  "GET /mcp_servers": { policy: "read", request: get("/mcp_servers") },
  "GET /mcp_servers/:name": {
    policy: "teamRead",
    request: async (f) => ({ path: `/mcp_servers/${await f.mcpServer()}` }),
  },
  "PATCH /mcp_servers/:name": {
    policy: "teamWrite",
    request: async (f) => ({ path: `/mcp_servers/${await f.mcpServer()}`, body: { description: "patched" } }),
  },
  "DELETE /mcp_servers/:name": {
    policy: "teamWrite",
    fresh: true,
    request: async (f) => ({ path: `/mcp_servers/${await f.mcpServer()}` }),
  },

  "GET /agents/:id/tool_policy": {
    policy: "teamRead",
    request: async (f) => ({ path: `/agents/${await f.toolPolicy()}/tool_policy` }),
  },
  "PUT /agents/:id/tool_policy": {
    policy: "teamWrite",
    request: async (f) => ({ path: `/agents/${(await f.agent()).id}/tool_policy`, body: { default_action: "allow" } }),
  },
  "GET /agents/:id/tool_policy/versions": {
    policy: "teamRead",
    request: async (f) => ({ path: `/agents/${await f.toolPolicy()}/tool_policy/versions` }),
  },
  "GET /agents/:id/tool_policy/versions/:version": {
    policy: "teamRead",
    request: async (f) => ({ path: `/agents/${await f.toolPolicy()}/tool_policy/versions/1` }),
  },
};
