/**
 * The admin API's access control as a matrix (issue #8): every route of
 * `adminApp.routes` × every kind of caller — the master key, an `admin` key,
 * a `team_admin` of the team the request is about, a `team_admin` of another
 * team, a `viewer`, a data-plane key without a role, no key, and a blocked
 * admin key — against the rule written for it in admin-rbac-routes.ts (policies in admin-rbac-policies.ts).
 * Allowed calls must succeed (2xx) on real resources; refused ones must be
 * 401/403 (404 where a resource is hidden) in the OpenAI error envelope; and
 * nothing another team's team_admin is shown may name the team's resources.
 * A route added without a matrix entry fails here until its rule is written.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { adminApp } from "../../workers/admin/app.ts";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { AdminFixture, asMaster, FIXTURE_MODEL } from "./admin-fixture.ts";
import { type Outcome, POLICIES, ROLES, type Role, type RouteCase } from "./admin-rbac-policies.ts";
import { ADMIN_ROUTE_CASES } from "./admin-rbac-routes.ts";
import { errorShapes } from "./answer-shapes.ts";
import { sendAdmin } from "./send-admin.ts";

/** Routes as Hono lists them, without the `ALL /*` entries of app-wide middleware. */
const routes = [...new Set(adminApp.routes.map((route) => `${route.method} ${route.path}`))].filter(
  (route) => route !== "ALL /*",
);

const roleKeys: Partial<Record<Role, string>> = { master: TEST_MASTER_KEY };
let shared: AdminFixture;

beforeAll(async () => {
  await activateConfig(`
model_list:
  - { model_name: ${FIXTURE_MODEL}, litellm_params: { model: mock/${FIXTURE_MODEL} } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
  const otherTeam = `rbac-other-${crypto.randomUUID().slice(0, 8)}`;
  await asMaster("POST", "/team/new", { team_id: otherTeam });
  const generate = async (body: Record<string, unknown>) => String((await asMaster("POST", "/key/generate", body)).key);
  roleKeys.admin = await generate({ role: "admin" });
  roleKeys.viewer = await generate({ role: "viewer" });
  roleKeys.team_admin_other = await generate({ role: "team_admin", team_id: otherTeam });
  roleKeys.plain_key = await generate({});
  roleKeys.blocked_admin = await generate({ role: "admin", blocked: true });
  // One fixture with every resource, for the routes whose calls leave it usable.
  shared = new AdminFixture();
  await Promise.all([
    shared.teamAdminKey(),
    shared.user(),
    shared.memory(),
    shared.block(),
    shared.session(),
    shared.vaultCredential(),
    shared.mcpServer(),
    shared.toolPolicy(),
  ]);
});

async function keyOf(role: Role, fixture: AdminFixture): Promise<string | null> {
  if (role === "no_key") return null;
  if (role === "team_admin_own") return fixture.teamAdminKey();
  const key = roleKeys[role];
  if (key === undefined) throw new Error(`no key for role ${role}`);
  return key;
}

const EXPECTED_STATUSES: Record<Exclude<Outcome, "allow">, number[]> = {
  deny: [403, 404],
  unauthenticated: [401],
  invalid: [400],
};

/** Runs one cell; answers what is wrong with it, or undefined. */
async function runCell(route: string, routeCase: RouteCase, role: Role): Promise<string | undefined> {
  const [method = "", pattern = ""] = route.split(" ");
  const fixture = routeCase.fresh === true ? new AdminFixture() : shared;
  const request = await routeCase.request(fixture);
  const key = await keyOf(role, fixture);
  const body = routeCase.keyInBody
    ? JSON.stringify(key === null ? {} : { key })
    : (request.text ?? (request.body === undefined ? undefined : JSON.stringify(request.body)));
  const answer = await sendAdmin({
    method,
    path: request.path,
    key: routeCase.keyInBody ? null : key,
    // A fresh address per call: sign-in failures are throttled per address.
    headers: {
      "content-type": request.contentType ?? "application/json",
      "cf-connecting-ip": `10.0.0.${ROLES.indexOf(role)}`,
    },
    ...(body === undefined ? {} : { body }),
  });
  const expected = POLICIES[routeCase.policy][role];
  const seen = `${answer.status} ${answer.text.slice(0, 160)}`;
  if (expected === "allow") {
    const missing = routeCase.missingResource === true && answer.status === 404;
    if (!missing && (answer.status < 200 || answer.status >= 300))
      return `${role}: expected 2xx (${pattern}), got ${seen}`;
    if (role === "team_admin_other") {
      const leaked = (await shared.identifiers()).filter((id) => answer.text.includes(id));
      if (leaked.length > 0) return `${role}: shown another team's ${leaked.join(", ")}: ${answer.text.slice(0, 300)}`;
    }
    return undefined;
  }
  const statuses = expected === "deny" && routeCase.missingResource === true ? [403] : EXPECTED_STATUSES[expected];
  if (!statuses.includes(answer.status)) {
    return `${role}: expected ${expected} (${statuses.join("/")}), got ${seen}`;
  }
  const envelope = errorShapes.openai.safeParse(JSON.parse(answer.text));
  return envelope.success ? undefined : `${role}: ${answer.status} not in the OpenAI error envelope: ${answer.text}`;
}

const WRITE_POLICIES = new Set<RouteCase["policy"]>(["admin", "teamWrite", "signIn"]);

async function sequentially<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await run(item));
  return results;
}

describe("admin RBAC matrix", () => {
  it("has a rule for every route of adminApp, and no rule for a route that is gone", () => {
    const missing = routes.filter((route) => ADMIN_ROUTE_CASES[route] === undefined);
    const stale = Object.keys(ADMIN_ROUTE_CASES).filter((route) => !routes.includes(route));
    expect(
      missing,
      "routes without an RBAC matrix entry (test/hardening/admin-rbac-control-routes.ts or admin-rbac-agent-routes.ts)",
    ).toEqual([]);
    expect(stale, "matrix entries for routes adminApp no longer has").toEqual([]);
  });

  for (const route of routes) {
    const routeCase = ADMIN_ROUTE_CASES[route];
    it.skipIf(routeCase === undefined)(`${route}: ${routeCase?.policy ?? "no rule"}`, async () => {
      if (routeCase === undefined) return;
      // Reads run at once; writes run in turn (concurrent /model/new calls would race on the active config).
      const concurrent = !WRITE_POLICIES.has(routeCase.policy);
      const outcomes = concurrent
        ? await Promise.all(ROLES.map((role) => runCell(route, routeCase, role)))
        : await sequentially(ROLES, (role) => runCell(route, routeCase, role));
      expect(outcomes.filter((problem) => problem !== undefined)).toEqual([]);
    });
  }
});

/** An MCP tools/call of the stateless revision, as an agent's harness sends it. */
function memorySearch(key: string) {
  const meta = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientInfo": { name: "rbac", version: "1" },
    "io.modelcontextprotocol/clientCapabilities": {},
  };
  return callGateway("/mcp/memory", {
    method: "POST",
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": "tools/call",
      "mcp-name": "search_memory",
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "search_memory", arguments: { query: "note" }, _meta: meta },
    }),
  });
}

describe("cross-team references in key bodies (a hole the matrix led to)", () => {
  const otherTeamAdmin = async () => roleKeys.team_admin_other ?? "";
  // Its own fixture: the matrix above rotates and stops the shared fixture's agent.
  let victim: AdminFixture;
  beforeAll(async () => {
    victim = new AdminFixture();
    await Promise.all([victim.memory(), victim.user()]);
  });

  it("a team_admin cannot issue a key for another team's agent, which would read that agent's memory over MCP", async () => {
    const agent = await victim.agent();
    const issued = await sendAdmin({
      method: "POST",
      path: "/key/generate",
      key: await otherTeamAdmin(),
      body: JSON.stringify({ agent_id: agent.id }),
    });
    expect(issued.status, issued.text).toBe(403);
    expect(errorShapes.openai.parse(JSON.parse(issued.text)).error.message).toBe(
      `A team_admin key can only attach keys to agents its own team owns; agent '${agent.id}' is not one.`,
    );
    // The agent's own key still reaches its memory: the refusal is about who issues, not about the agent.
    const own = await memorySearch(agent.key);
    expect(own.response.status).toBe(200);
    expect(own.text).toContain(`note of ${victim.teamId}`);
  });

  it("a team_admin cannot repoint its own team's key at another team's agent or user", async () => {
    const otherTeamKey = String(
      (await asMaster("POST", "/key/generate", { team_id: await teamOf(await otherTeamAdmin()) })).key,
    );
    for (const change of [{ agent_id: (await victim.agent()).id }, { user_id: await victim.user() }]) {
      const updated = await sendAdmin({
        method: "POST",
        path: "/key/update",
        key: await otherTeamAdmin(),
        body: JSON.stringify({ key: otherTeamKey, ...change }),
      });
      expect(updated.status, `${JSON.stringify(change)}: ${updated.text}`).toBe(403);
    }
  });

  it("a team_admin cannot issue a key for another team's user, or for an agent outside the registry", async () => {
    for (const body of [{ user_id: await victim.user() }, { agent_id: `unregistered-${crypto.randomUUID()}` }]) {
      const issued = await sendAdmin({
        method: "POST",
        path: "/key/generate",
        key: await otherTeamAdmin(),
        body: JSON.stringify(body),
      });
      expect(issued.status, `${JSON.stringify(body)}: ${issued.text}`).toBe(403);
    }
  });

  it("its own team's agents and users stay in reach, and admins may point keys anywhere", async () => {
    const agent = await victim.agent();
    const ownAgent = await sendAdmin({
      method: "POST",
      path: "/key/generate",
      key: await victim.teamAdminKey(),
      body: JSON.stringify({ agent_id: agent.id, user_id: await victim.user() }),
    });
    expect(ownAgent.status, ownAgent.text).toBe(200);
    const byAdmin = await sendAdmin({
      method: "POST",
      path: "/key/generate",
      key: roleKeys.admin ?? "",
      body: JSON.stringify({ agent_id: `unregistered-${crypto.randomUUID()}` }),
    });
    expect(byAdmin.status, byAdmin.text).toBe(200);
  });
});

/** The team of a team_admin key, as /key/info tells the master key. */
async function teamOf(key: string): Promise<string> {
  const info = await asMaster("GET", `/key/info?key=${key}`);
  return String((info.info as { team_id: string }).team_id);
}
