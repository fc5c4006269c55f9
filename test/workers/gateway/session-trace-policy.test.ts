import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { sessionObjectName, sessionScopeOf } from "../../../workers/core/session/session-scope.ts";
import { DAY_MS } from "../../../workers/core/session/trace-policy.ts";
import type { SpendQueueMessage } from "../../../workers/gateway/spend/spend-queue-message.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";

const TEAM = "team-trace-policy";
const SCOPE = sessionScopeOf({ keyHash: "", teamId: TEAM });

beforeEach(async () => {
  await env.DB.batch(
    ["agent_versions", "virtual_keys", "agents", "teams"].map((table) => env.DB.prepare(`DELETE FROM ${table}`)),
  );
  await activateConfig(`
model_list:
  - { model_name: demo, litellm_params: { model: mock/demo, mock_response: "done" } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
  expect((await postAdmin("/team/new", { team_id: TEAM })).status).toBe(200);
});

async function agentKey(agentId: string, tracePolicy: { bodies: string; retention_days: number }) {
  const created = await postAdmin("/agents", {
    agent_id: agentId,
    name: agentId,
    team_id: TEAM,
    harness: "custom",
    default_model: "demo",
    trace_policy: tracePolicy,
  });
  expect(created.status).toBe(200);
  return String(created.body.key);
}

/** A conversation that carries one tool call and its result back, with a secret-free user message. */
function toolConversation(key: string, sessionId: string, envOverrides: Partial<Env> = {}) {
  return callGateway(
    "/v1/chat/completions",
    {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-session-id": sessionId },
      body: JSON.stringify({
        model: "demo",
        messages: [
          { role: "user", content: "List the files" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "call_ls", type: "function", function: { name: "bash", arguments: '{"cmd":"ls"}' } }],
          },
          { role: "tool", tool_call_id: "call_ls", content: "a.txt b.txt" },
          { role: "user", content: "Now count them" },
        ],
      }),
    },
    envOverrides,
  );
}

async function recorded(sessionId: string) {
  const stub = env.AGENT_SESSION.getByName(sessionObjectName(SCOPE, sessionId));
  const trace = await stub.getTrace();
  const call = trace.turns.flatMap((turn) => turn.modelCalls)[0];
  const stored = await runInDurableObject(stub, (_instance, state) =>
    state.storage.sql
      .exec<{ retention_days: number | null; expires_at: number; started_at: number }>(
        "SELECT retention_days, expires_at, started_at FROM model_calls",
      )
      .one(),
  );
  return { trace, call, tool: call?.toolCalls[0], stored };
}

describe("session trace policy", () => {
  it("records the messages of an agent whose policy is `full`, kept for the agent's retention", async () => {
    const key = await agentKey("agent-full", { bodies: "full", retention_days: 7 });
    const sessionId = `full-${crypto.randomUUID()}`;
    const result = await toolConversation(key, sessionId);
    expect(result.response.status).toBe(200);

    const { trace, call, tool, stored } = await recorded(sessionId);
    expect(trace.tracePolicy).toBe("full");
    expect(call?.messages).toEqual(
      expect.arrayContaining([{ role: "user", content: [{ type: "text", text: "Now count them" }] }]),
    );
    expect(tool).toMatchObject({ toolCallId: "call_ls", arguments: '{"cmd":"ls"}', result: "a.txt b.txt" });
    expect(stored).toEqual({
      retention_days: 7,
      expires_at: stored.started_at + 7 * DAY_MS,
      started_at: stored.started_at,
    });
    const message = result.spendRecords[0] as SpendQueueMessage;
    expect(message.session).toMatchObject({ sessionId, retentionDays: 7 });
  });

  it("keeps no tool arguments, results or messages for an agent whose policy is `none`", async () => {
    const key = await agentKey("agent-none", { bodies: "none", retention_days: 90 });
    const sessionId = `none-${crypto.randomUUID()}`;
    expect((await toolConversation(key, sessionId)).response.status).toBe(200);

    const { trace, call, tool, stored } = await recorded(sessionId);
    expect(trace.tracePolicy).toBe("none");
    expect(call?.messages).toBeNull();
    expect(tool).toMatchObject({ toolCallId: "call_ls", name: "bash", arguments: null, result: null });
    expect(stored.retention_days).toBe(90);
  });

  it("follows the gateway default for a key without an agent: metadata, else SESSION_TRACE_BODIES", async () => {
    const generated = await postAdmin("/key/generate", { team_id: TEAM });
    const key = String(generated.body.key);

    const byDefault = `default-${crypto.randomUUID()}`;
    const defaultCall = await toolConversation(key, byDefault);
    const standard = await recorded(byDefault);
    expect(standard.trace.tracePolicy).toBe("metadata");
    expect(standard.call?.messages).toBeNull();
    expect(standard.tool).toMatchObject({ arguments: '{"cmd":"ls"}', result: "a.txt b.txt" });
    expect(standard.stored.retention_days).toBe(30);
    expect((defaultCall.spendRecords[0] as SpendQueueMessage).session?.retentionDays).toBe(30);

    const configured = `configured-${crypto.randomUUID()}`;
    await toolConversation(key, configured, {
      SESSION_TRACE_BODIES: "none",
      SESSION_TRACE_RETENTION_DAYS: "3",
    } as unknown as Partial<Env>);
    const overridden = await recorded(configured);
    expect(overridden.trace.tracePolicy).toBe("none");
    expect(overridden.tool).toMatchObject({ arguments: null, result: null });
    expect(overridden.stored.retention_days).toBe(3);
  });

  it("applies an agent's changed policy to its next calls (its cached keys are re-read)", async () => {
    const key = await agentKey("agent-changing", { bodies: "metadata", retention_days: 30 });
    // Twice: the second call finds the key cached after its creation was read from the change log.
    for (let call = 0; call < 2; call++) await toolConversation(key, `warm-${crypto.randomUUID()}`);
    const patched = await callAdmin("/agents/agent-changing", {
      method: "PATCH",
      body: JSON.stringify({ trace_policy: { bodies: "full", retention_days: 5 } }),
    });
    expect(patched.status).toBe(200);
    // The first call after the change may still be served from the cache while the change log is read.
    await toolConversation(key, `stale-${crypto.randomUUID()}`);
    const sessionId = `fresh-${crypto.randomUUID()}`;
    await toolConversation(key, sessionId);
    const { trace, stored } = await recorded(sessionId);
    expect(trace.tracePolicy).toBe("full");
    expect(stored.retention_days).toBe(5);
  });
});
