import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { requestApproval } from "../../../workers/gateway/governance/request-approval.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import {
  activateGovernanceConfig,
  answerEveryCall,
  chat,
  controlObject,
  createGovernedAgent,
  unique,
  waitForPendingApproval,
} from "./governance-fixtures.ts";

let upstream: ReturnType<typeof answerEveryCall> | undefined;
afterEach(() => upstream?.restore());
beforeAll(activateGovernanceConfig);

/** 1,000 output tokens at $0.00001 are $0.01 (plus a little input): above a $0.005 threshold; 10 tokens are below. */
const EXPENSIVE = 1000;
const approvalSettings = (timeoutSeconds = 60) => ({
  approval: { model_cost_threshold_usd: 0.005, timeout_seconds: timeoutSeconds },
});

describe("approval of model calls above the agent's cost threshold", () => {
  it("holds an expensive call until an approver accepts it, then forwards it", async () => {
    upstream = answerEveryCall();
    const agent = await createGovernedAgent(approvalSettings());
    const session = unique("sess");
    const held = chat(agent.key, { session, maxTokens: EXPENSIVE });

    const pending = await waitForPendingApproval(agent.agentId);
    expect(upstream.requests).toHaveLength(0);
    expect(pending).toMatchObject({
      status: "pending",
      kind: "model_call",
      agent_id: agent.agentId,
      agent_name: agent.agentId,
      team_id: agent.teamId,
      session_id: session,
      scope: agent.scope,
      detail: { model: "priced", max_output_tokens: EXPENSIVE, messages: 1 },
    });
    expect(pending.subject).toMatch(/^model priced ~\$0\.01\d+ \(threshold \$0\.005\)$/);
    const requestedAt = Date.parse(String(pending.requested_at));
    expect(Date.parse(String(pending.expires_at)) - requestedAt).toBe(60_000);

    const approved = await postAdmin(`/approvals/${String(pending.id)}/approve`, { reason: "looks fine" });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", decided_by: "master", reason: "looks fine" });

    const result = await held;
    expect(result.response.status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    const again = await postAdmin(`/approvals/${String(pending.id)}/reject`, {});
    expect(again.status).toBe(409);
  });

  it("refuses the call with a 403 in the caller's format when an approver rejects it", async () => {
    upstream = answerEveryCall();
    const agent = await createGovernedAgent(approvalSettings());
    const held = chat(agent.key, { maxTokens: EXPENSIVE, format: "anthropic" });
    const pending = await waitForPendingApproval(agent.agentId);
    await postAdmin(`/approvals/${String(pending.id)}/reject`, { reason: "too expensive" });

    const result = await held;
    expect(result.response.status).toBe(403);
    expect(result.response.headers.get("x-should-retry")).toBe("false");
    expect(result.response.headers.get("x-switchyard-governance")).toBe("approval_rejected");
    const body = result.json() as { type: string; error: { type: string; message: string } };
    expect(body.type).toBe("error");
    expect(body.error.type).toBe("permission_error");
    expect(body.error.message).toContain("too expensive");
    expect(upstream.requests).toHaveLength(0);
  });

  it("refuses the call when no approver decides before the agent's timeout", async () => {
    upstream = answerEveryCall();
    const agent = await createGovernedAgent(approvalSettings(1));
    const result = await chat(agent.key, { maxTokens: EXPENSIVE });

    expect(result.response.status).toBe(403);
    expect(result.response.headers.get("x-switchyard-governance")).toBe("approval_timed_out");
    expect((result.json() as { error: { message: string } }).error.message).toContain("no approver decided in time");
    expect(upstream.requests).toHaveLength(0);
    const listed = await callAdmin(`/approvals?agent_id=${agent.agentId}&status=timed_out`);
    expect(listed.body.data).toMatchObject([{ status: "timed_out", decided_by: "timeout" }]);
  });

  it("lets calls under the threshold through without asking anyone", async () => {
    upstream = answerEveryCall();
    const agent = await createGovernedAgent(approvalSettings());
    const result = await chat(agent.key, { maxTokens: 10 });
    expect(result.response.status).toBe(200);
    const listed = await callAdmin(`/approvals?agent_id=${agent.agentId}&status=all`);
    expect(listed.body.data).toEqual([]);
  });
});

describe("requestApproval", () => {
  const ask = (agent: { agentId: string; scope: string }, timeoutMs: number, detail: unknown = { repo: "acme/site" }) =>
    requestApproval(env, {
      scope: agent.scope,
      sessionId: "sess-direct",
      agentId: agent.agentId,
      kind: "tool_call",
      subject: "github/delete_repo",
      detail,
      timeoutMs,
    });

  it("returns approved with the approver's reason, and lists the call with its scrubbed detail while pending", async () => {
    const agent = await createGovernedAgent();
    const secret = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    const decision = ask(agent, 60_000, { repo: "acme/site", token: secret });
    const pending = await waitForPendingApproval(agent.agentId);
    expect(pending).toMatchObject({ kind: "tool_call", subject: "github/delete_repo", session_id: "sess-direct" });
    expect(JSON.stringify(pending.detail)).not.toContain(secret);
    expect((pending.detail as { repo: string }).repo).toBe("acme/site");

    await postAdmin(`/approvals/${String(pending.id)}/approve`, { reason: "ticket 42" });
    expect(await decision).toEqual({ decision: "approved", approvalId: pending.id, reason: "ticket 42" });
  });

  it("returns rejected when an approver rejects", async () => {
    const agent = await createGovernedAgent();
    const decision = ask(agent, 60_000);
    const pending = await waitForPendingApproval(agent.agentId);
    await postAdmin(`/approvals/${String(pending.id)}/reject`, {});
    expect(await decision).toMatchObject({ decision: "rejected", approvalId: pending.id, reason: null });
  });

  it("returns timed_out after the rule's timeout", async () => {
    const agent = await createGovernedAgent();
    const startedAt = Date.now();
    const outcome = await ask(agent, 300);
    expect(outcome.decision).toBe("timed_out");
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
  });

  it("still resolves when the object holding the approval is evicted while the call waits", async () => {
    const agent = await createGovernedAgent();
    const decision = ask(agent, 60_000);
    const pending = await waitForPendingApproval(agent.agentId);
    // A reset drops the object's memory (the long poll's wake-up) and breaks the call in flight, as an eviction would.
    await runInDurableObject(controlObject(agent.agentId), (_instance, state) =>
      state.abort("simulated eviction"),
    ).catch(() => undefined);

    const approved = await postAdmin(`/approvals/${String(pending.id)}/approve`, {});
    expect(approved.status).toBe(200);
    expect(await decision).toMatchObject({ decision: "approved", approvalId: pending.id });
  });

  it("keeps team admins to their own team's approvals", async () => {
    const agent = await createGovernedAgent();
    const other = await createGovernedAgent();
    const decision = ask(agent, 60_000);
    const pending = await waitForPendingApproval(agent.agentId);
    const teamAdmin = await postAdmin("/key/generate", { team_id: other.teamId, role: "team_admin" });
    const otherKey = teamAdmin.body.key as string;

    const listed = await callAdmin("/approvals", { key: otherKey });
    expect(listed.body.data).toEqual([]);
    const refused = await postAdmin(`/approvals/${String(pending.id)}/approve`, {}, otherKey);
    expect(refused.status).toBe(403);
    await postAdmin(`/approvals/${String(pending.id)}/reject`, {});
    expect((await decision).decision).toBe("rejected");
  });
});
