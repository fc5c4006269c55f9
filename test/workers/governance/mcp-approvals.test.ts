import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { activateConfig } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { DEMO_GATEWAY_CONFIG } from "../../helpers/demo-gateway-config.ts";
import { connectAgentToMockServer, legacyClient, putPolicy, textOf, traceOf } from "./mcp-gateway-helpers.ts";

interface Approval {
  id: string;
  subject: string;
  kind: string;
  detail: { server: string; tool: string; arguments: Record<string, unknown> };
  session_id: string;
}

async function setUp(timeoutMs: number) {
  const { server, teamId, agentId, key, upstream } = await connectAgentToMockServer("appr", "legacy");
  await putPolicy(agentId, {
    default_action: "allow",
    rules: [{ server, tool: "delete_repo", action: "require_approval", approval_timeout_ms: timeoutMs }],
  });
  return { server, teamId, agentId, key, upstream };
}

/** The pending approval of the agent's held call, once the gateway has opened it. */
async function pendingApproval(agentId: string): Promise<Approval> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const listed = await callAdmin(`/approvals?agent_id=${agentId}`);
    expect(listed.status).toBe(200);
    const [approval] = listed.body.data as Approval[];
    if (approval !== undefined) return approval;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("no pending approval appeared");
}

beforeEach(async () => {
  await activateConfig(DEMO_GATEWAY_CONFIG);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("MCP gateway approval gates", () => {
  it("holds a require_approval call until an approver accepts it, then forwards it", async () => {
    const setup = await setUp(60_000);
    const client = await legacyClient(setup.server, setup.key, "sess-approve");
    const held = client.callTool("delete_repo", { repo: "acme/old" });
    const approval = await pendingApproval(setup.agentId);
    expect(approval).toMatchObject({
      kind: "tool_call",
      subject: `${setup.server}/delete_repo`,
      session_id: "sess-approve",
      detail: { server: setup.server, tool: "delete_repo", arguments: { repo: "acme/old" } },
    });
    expect(setup.upstream.toolCalls()).toEqual([]);
    expect((await postAdmin(`/approvals/${approval.id}/approve`, { reason: "cleanup ticket 42" })).status).toBe(200);

    const answered = await held;
    expect(answered.status).toBe(200);
    expect(textOf(answered)).toBe("done: delete_repo");
    expect(setup.upstream.toolCalls()).toEqual([{ name: "delete_repo", arguments: { repo: "acme/old" } }]);
    const trace = await traceOf(setup.teamId, "sess-approve");
    expect(trace.mcpToolCalls?.[0]).toMatchObject({
      decision: "approved",
      approvalId: approval.id,
      policyVersion: 1,
      isError: false,
    });
  });

  it("refuses the call with the approver's reason when it is rejected", async () => {
    const setup = await setUp(60_000);
    const client = await legacyClient(setup.server, setup.key, "sess-reject");
    const held = client.callTool("delete_repo", { repo: "acme/prod" });
    const approval = await pendingApproval(setup.agentId);
    expect((await postAdmin(`/approvals/${approval.id}/reject`, { reason: "production repository" })).status).toBe(200);

    const answered = await held;
    expect(answered.body?.result?.isError).toBe(true);
    expect(textOf(answered)).toBe(`An approver rejected ${setup.server}/delete_repo: production repository.`);
    expect(setup.upstream.toolCalls()).toEqual([]);
    const trace = await traceOf(setup.teamId, "sess-reject");
    expect(trace.mcpToolCalls?.[0]).toMatchObject({
      decision: "rejected",
      reason: "production repository",
      approvalId: approval.id,
    });
  });

  it("gives the agent a clear tool error when nobody decides within the policy's timeout", async () => {
    const setup = await setUp(1000);
    const client = await legacyClient(setup.server, setup.key, "sess-timeout");
    const answered = await client.callTool("delete_repo", { repo: "acme/slow" });
    expect(answered.body?.result?.isError).toBe(true);
    expect(textOf(answered)).toBe(`${setup.server}/delete_repo needs an approval, and none came within 1 s.`);
    expect(setup.upstream.toolCalls()).toEqual([]);
    const trace = await traceOf(setup.teamId, "sess-timeout");
    expect(trace.mcpToolCalls?.[0]).toMatchObject({ decision: "timed_out", isError: true });
  });
});
