import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkSessionControls } from "../../../workers/gateway/governance/check-session-controls.ts";
import { gatewayKeyCache } from "../../../workers/gateway/key-cache.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { createKey, createTeam } from "../gateway/budgets/budget-fixtures.ts";
import { activateGovernanceConfig, answerEveryCall, chat, createGovernedAgent, unique } from "./governance-fixtures.ts";

let upstream: ReturnType<typeof answerEveryCall> | undefined;
afterEach(() => upstream?.restore());
beforeAll(activateGovernanceConfig);

/** Agents with governance settings check their AgentControl on every request. */
const GOVERNED = { session_limits: { max_steps: 1000 } };

function expectStopped(result: Awaited<ReturnType<typeof chat>>, reason: string, text: string) {
  expect(result.response.status).toBe(403);
  expect(result.response.headers.get("x-should-retry")).toBe("false");
  expect(result.response.headers.get("x-switchyard-governance")).toBe(reason);
  expect((result.json() as { error: { message: string } }).error.message).toContain(text);
}

/** The AGENT_CONTROL binding, counting the objects the gateway asks for. */
function spiedControlBinding() {
  const names: string[] = [];
  const binding = new Proxy(env.AGENT_CONTROL, {
    get(target, property) {
      if (property === "getByName") {
        return (name: string) => {
          names.push(name);
          return target.getByName(name);
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { names, overrides: { AGENT_CONTROL: binding } as unknown as Partial<Env> };
}

describe("kill switches", () => {
  it("stops one session on its very next request, and resumes it", async () => {
    upstream = answerEveryCall();
    const agent = await createGovernedAgent(GOVERNED);
    const session = unique("sess");
    expect((await chat(agent.key, { session })).response.status).toBe(200);

    const scope = encodeURIComponent(agent.scope);
    const stopped = await postAdmin(`/sessions/${session}/stop?scope=${scope}`, {
      agent_id: agent.agentId,
      reason: "runaway refactor",
    });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ session_id: session, agent_id: agent.agentId, stopped: true });

    expectStopped(await chat(agent.key, { session }), "session_stopped", "runaway refactor");
    expect((await chat(agent.key, { session: unique("sess") })).response.status).toBe(200);

    await postAdmin(`/sessions/${session}/resume?scope=${scope}`, { agent_id: agent.agentId });
    expect((await chat(agent.key, { session })).response.status).toBe(200);
  });

  it("stops an agent everywhere on its very next request: model calls of every key and session, and tool calls", async () => {
    upstream = answerEveryCall();
    const agent = await createGovernedAgent(GOVERNED);
    const secondKey = (await postAdmin("/key/generate", { agent_id: agent.agentId, team_id: agent.teamId })).body
      .key as string;
    expect((await chat(agent.key)).response.status).toBe(200);

    const stopped = await postAdmin(`/agents/${agent.agentId}/stop`, { reason: "incident 7" });
    expect(stopped.body).toMatchObject({ agent_id: agent.agentId, stopped: true, already_stopped: false });

    expectStopped(await chat(agent.key), "agent_stopped", "incident 7");
    expectStopped(
      await chat(secondKey, { session: unique("sess"), format: "anthropic" }),
      "agent_stopped",
      "incident 7",
    );
    const toolCall = await checkSessionControls(env, {
      scope: agent.scope,
      sessionId: unique("sess"),
      agentId: agent.agentId,
      keyHash: agent.keyHash,
      event: { kind: "tool_call", server: "github", tool: "delete_repo", argumentsHash: "x" },
    });
    expect(toolCall).toMatchObject({ ok: false, reason: "agent_stopped" });
    expect((await callAdmin(`/agents/${agent.agentId}/control`)).body).toMatchObject({
      stopped: { reason: "agent_stopped", detail: "incident 7", stopped_by: "master" },
    });
    expect(upstream.requests).toHaveLength(1);

    await postAdmin(`/agents/${agent.agentId}/resume`, {});
    expect((await chat(secondKey)).response.status).toBe(200);
  });

  it("stops one key of an agent on its very next request; the agent's other keys keep working", async () => {
    upstream = answerEveryCall();
    const agent = await createGovernedAgent(GOVERNED);
    const secondKey = (await postAdmin("/key/generate", { agent_id: agent.agentId, team_id: agent.teamId })).body
      .key as string;
    expect((await chat(agent.key)).response.status).toBe(200);

    const stopped = await postAdmin("/key/stop", { key: agent.key, reason: "leaked in a log" });
    expect(stopped.body).toMatchObject({ key_hash: agent.keyHash, stopped: true, mode: "agent_control" });

    expectStopped(await chat(agent.key), "key_stopped", "leaked in a log");
    expect((await chat(secondKey)).response.status).toBe(200);
    await postAdmin("/key/resume", { key: agent.keyHash });
    expect((await chat(agent.key)).response.status).toBe(200);
  });

  it("blocks a key without an agent, which isolates drop at their next key-change poll", async () => {
    upstream = answerEveryCall();
    const key = await createKey({ team_id: await createTeam({}) });
    expect((await chat(key)).response.status).toBe(200);
    const stopped = await postAdmin("/key/stop", { key });
    expect(stopped.body).toMatchObject({ stopped: true, mode: "blocked" });
    const info = await callAdmin(`/key/info?key=${encodeURIComponent(key)}`);
    expect(JSON.stringify(info.body)).toContain('"blocked":true');
    gatewayKeyCache.clear(); // what the CONFIG_REFRESH_MS poll of key_changes does in every isolate
    const refused = await chat(key);
    expect(refused.response.status).toBeGreaterThanOrEqual(400);
    expect(refused.response.status).toBeLessThan(500);
    expect(upstream.requests).toHaveLength(1);
  });

  it("costs plain keys and ungoverned agents no governance round trip, governed agents exactly one", async () => {
    upstream = answerEveryCall();
    const plainKey = await createKey({ team_id: await createTeam({}) });
    const ungoverned = await createGovernedAgent();
    const agent = await createGovernedAgent({ approval: { model_cost_threshold_usd: 5 } });

    const plain = spiedControlBinding();
    expect((await chat(plainKey, { session: unique("sess"), overrides: plain.overrides })).response.status).toBe(200);
    expect((await chat(ungoverned.key, { session: unique("sess"), overrides: plain.overrides })).response.status).toBe(
      200,
    );
    expect(plain.names).toEqual([]);

    const governed = spiedControlBinding();
    expect((await chat(agent.key, { session: unique("sess"), overrides: governed.overrides })).response.status).toBe(
      200,
    );
    expect(governed.names).toEqual([`agent:${agent.agentId}`]);
  });

  it("stops an agent without governance settings once isolates read the key change log, then checks it per request", async () => {
    upstream = answerEveryCall();
    const agent = await createGovernedAgent();
    expect((await chat(agent.key)).response.status).toBe(200);
    await postAdmin(`/agents/${agent.agentId}/stop`, { reason: "incident 8" });

    gatewayKeyCache.clear(); // what the CONFIG_REFRESH_MS poll of key_changes does in every isolate
    const spy = spiedControlBinding();
    expectStopped(await chat(agent.key, { overrides: spy.overrides }), "agent_stopped", "incident 8");
    expect(spy.names).toEqual([`agent:${agent.agentId}`]);

    // Resumed with no stop left, the agent goes back to skipping the round trip.
    await postAdmin(`/agents/${agent.agentId}/resume`, {});
    gatewayKeyCache.clear();
    const after = spiedControlBinding();
    expect((await chat(agent.key, { overrides: after.overrides })).response.status).toBe(200);
    expect(after.names).toEqual([]);
  });

  it("refuses kill switches to viewers and team admins of other teams", async () => {
    const agent = await createGovernedAgent();
    const other = await createGovernedAgent();
    const otherAdmin = (await postAdmin("/key/generate", { team_id: other.teamId, role: "team_admin" })).body
      .key as string;
    expect((await postAdmin(`/agents/${agent.agentId}/stop`, {}, otherAdmin)).status).toBe(403);
    expect((await postAdmin("/key/stop", { key: agent.key }, otherAdmin)).status).toBe(403);
    expect((await postAdmin(`/agents/${agent.agentId}/stop`, { reason: 7 })).status).toBe(400);
  });
});
