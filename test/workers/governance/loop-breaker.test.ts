import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkSessionControls } from "../../../workers/gateway/governance/check-session-controls.ts";
import { callAdmin } from "../../helpers/call-admin.ts";
import { activateGovernanceConfig, answerEveryCall, chat, createGovernedAgent, unique } from "./governance-fixtures.ts";

let upstream: ReturnType<typeof answerEveryCall> | undefined;
afterEach(() => upstream?.restore());
beforeAll(activateGovernanceConfig);

type Agent = Awaited<ReturnType<typeof createGovernedAgent>>;

async function sessionControl(agent: Agent, session: string) {
  const query = `scope=${encodeURIComponent(agent.scope)}&agent_id=${agent.agentId}`;
  return (await callAdmin(`/sessions/${session}/control?${query}`)).body;
}

function expectRefused(result: Awaited<ReturnType<typeof chat>>, reason: string) {
  expect(result.response.status).toBe(403);
  expect(result.response.headers.get("x-should-retry")).toBe("false");
  expect(result.response.headers.get("x-switchyard-governance")).toBe(reason);
  const body = result.json() as { error: { type: string; code: string; message: string } };
  expect(body.error.message).toMatch(/stopped/);
  return body;
}

describe("the loop breaker", () => {
  it("stops a session at max_steps: the step after the limit is refused, and so is every later one", async () => {
    upstream = answerEveryCall();
    const agent = await createGovernedAgent({ session_limits: { max_steps: 3 } });
    const session = unique("sess");
    for (let step = 1; step <= 3; step++) {
      expect((await chat(agent.key, { session, content: `step ${step}` })).response.status).toBe(200);
    }
    const refused = expectRefused(await chat(agent.key, { session, content: "step 4" }), "max_steps");
    expect(refused.error.message).toContain("step limit");
    expectRefused(await chat(agent.key, { session, content: "step 5" }), "max_steps");
    expect(upstream.requests).toHaveLength(3);

    expect(await sessionControl(agent, session)).toMatchObject({
      session_id: session,
      agent_id: agent.agentId,
      // The tripping step is counted; requests refused by the stop itself are not.
      steps: 4,
      stopped: { reason: "max_steps", stopped_by: "loop_breaker", detail: "limit 3 steps" },
    });
    const trace = await callAdmin(`/sessions/${session}?scope=${encodeURIComponent(agent.scope)}`);
    expect(trace.status).toBe(200);
    expect(trace.body.stopped).toMatchObject({ reason: "max_steps", stoppedBy: "loop_breaker" });
    // Another session of the same agent is not affected.
    expect((await chat(agent.key, { session: unique("sess") })).response.status).toBe(200);
  });

  it("stops a session that sends the same model request more often than max_repeated_model_requests", async () => {
    upstream = answerEveryCall();
    const agent = await createGovernedAgent({ session_limits: { max_repeated_model_requests: 2 } });
    const session = unique("sess");
    expect((await chat(agent.key, { session, content: "same" })).response.status).toBe(200);
    expect((await chat(agent.key, { session, content: "other" })).response.status).toBe(200);
    expect((await chat(agent.key, { session, content: "same" })).response.status).toBe(200);
    expectRefused(await chat(agent.key, { session, content: "same" }), "repeated_model_request");
    // Once stopped, the session stays stopped whatever it sends.
    expectRefused(await chat(agent.key, { session, content: "different" }), "repeated_model_request");
    expect((await sessionControl(agent, session)).stopped).toMatchObject({ reason: "repeated_model_request" });
  });

  it("stops a session once its settled cost reaches max_cost_usd", async () => {
    upstream = answerEveryCall();
    // Each call: 10 input tokens at $0.000001 plus 10 output tokens at $0.00001 = $0.00011.
    const agent = await createGovernedAgent({ session_limits: { max_cost_usd: 0.00015 } });
    const session = unique("sess");
    expect((await chat(agent.key, { session, content: "a" })).response.status).toBe(200);
    expect((await chat(agent.key, { session, content: "b" })).response.status).toBe(200);
    const refused = expectRefused(await chat(agent.key, { session, content: "c" }), "max_cost");
    expect(refused.error.message).toContain("cost limit");
    const control = await sessionControl(agent, session);
    expect(control.cost_usd).toBeCloseTo(0.00022, 10);
    expect(control.stopped).toMatchObject({ reason: "max_cost" });
  });

  it("stops a session repeating an identical tool call (the MCP gateway's check), limits read from the key cache", async () => {
    const agent = await createGovernedAgent({ session_limits: { max_repeated_tool_calls: 2 } });
    const session = unique("sess");
    const call = (argumentsHash: string) =>
      checkSessionControls(env, {
        scope: agent.scope,
        sessionId: session,
        agentId: agent.agentId,
        keyHash: agent.keyHash,
        event: { kind: "tool_call", server: "github", tool: "list_issues", argumentsHash },
      });
    expect(await call("args-1")).toEqual({ ok: true });
    expect(await call("args-2")).toEqual({ ok: true });
    expect(await call("args-1")).toEqual({ ok: true });
    const tripped = await call("args-1");
    expect(tripped).toMatchObject({ ok: false, reason: "repeated_tool_call" });
    expect(tripped.ok === false && tripped.message).toContain("identical tool call");
    expect(await call("args-3")).toMatchObject({ ok: false, reason: "repeated_tool_call" });

    // The model path of the same session is refused too: one session, one stop.
    upstream = answerEveryCall();
    expectRefused(await chat(agent.key, { session }), "repeated_tool_call");
  });

  it("rejects invalid limits on the agent with a 400 naming the field", async () => {
    const teamAgent = await createGovernedAgent();
    const patched = await callAdmin(`/agents/${teamAgent.agentId}`, {
      method: "PATCH",
      body: JSON.stringify({ session_limits: { max_steps: 0 } }),
    });
    expect(patched.status).toBe(400);
    expect(JSON.stringify(patched.body)).toContain("session_limits");
  });
});
