import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { sha256Hex } from "../../workers/core/auth/hash-key.ts";
import { sessionScopeOf } from "../../workers/core/session/session-scope.ts";
import { consumeSpendBatch } from "../../workers/gateway/spend/consume-spend-batch.ts";
import type { SpendQueueMessage } from "../../workers/gateway/spend/spend-queue-message.ts";
import { TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { sendAdmin } from "./send-admin.ts";

/** The model group the fixture's session traffic uses (the in-process `mock/` provider). */
export const FIXTURE_MODEL = "demo";

/** A master-key admin call that must succeed; answers the parsed JSON body. */
export async function asMaster(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const answer = await sendAdmin({
    method,
    path,
    key: TEST_MASTER_KEY,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(answer.status, `${method} ${path}: ${answer.text}`).toBeLessThan(300);
  return answer.text === "" ? {} : (JSON.parse(answer.text) as Record<string, unknown>);
}

const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

/**
 * One team and the resources an admin route acts on, each created on first
 * use: a data-plane key, a user, an agent with a saved memory and a memory
 * block, a deployment, and a recorded session. The team's own team_admin key
 * is the "own team" role of the RBAC matrix; every id is unique, so a route
 * that deletes or blocks gets a fixture of its own.
 */
export class AdminFixture {
  readonly teamId = unique("rbac-team");
  private readonly created = new Map<string, Promise<unknown>>();

  private once<T>(name: string, create: () => Promise<T>): Promise<T> {
    let promise = this.created.get(name) as Promise<T> | undefined;
    if (promise === undefined) {
      promise = create();
      this.created.set(name, promise);
    }
    return promise;
  }

  team(): Promise<string> {
    return this.once("team", async () => {
      await asMaster("POST", "/team/new", { team_id: this.teamId });
      return this.teamId;
    });
  }

  /** The team_admin key of this fixture's team. */
  teamAdminKey(): Promise<string> {
    return this.once("teamAdmin", async () => {
      const created = await asMaster("POST", "/key/generate", { team_id: await this.team(), role: "team_admin" });
      return String(created.key);
    });
  }

  /** A data-plane key of the team: the key itself and its hash (what listings show). */
  key(): Promise<{ key: string; hash: string }> {
    return this.once("key", async () => {
      const created = await asMaster("POST", "/key/generate", { team_id: await this.team() });
      const key = String(created.key);
      return { key, hash: await sha256Hex(key) };
    });
  }

  user(): Promise<string> {
    return this.once("user", async () => {
      const userId = unique("rbac-user");
      await asMaster("POST", "/user/new", { user_id: userId, team_id: await this.team(), auto_create_key: false });
      return userId;
    });
  }

  /** An agent of the team in the registry, and its key. */
  agent(): Promise<{ id: string; key: string }> {
    return this.once("agent", async () => {
      const agentId = unique("rbac-agent");
      const created = await asMaster("POST", "/agents", {
        agent_id: agentId,
        name: agentId,
        team_id: await this.team(),
        harness: "claude-code",
        default_model: FIXTURE_MODEL,
        // Its sessions keep message bodies, so a recorded span can be replayed.
        trace_policy: { bodies: "full" },
      });
      return { id: agentId, key: String(created.key) };
    });
  }

  /** A note saved in the agent's memory: its id. */
  memory(): Promise<string> {
    return this.once("memory", async () => {
      const { id } = await this.agent();
      const saved = await asMaster("POST", `/agents/${id}/memory`, { text: `note of ${this.teamId}` });
      return String(saved.id);
    });
  }

  /** A memory block of the agent: its name. */
  block(): Promise<string> {
    return this.once("block", async () => {
      const { id } = await this.agent();
      await asMaster("PUT", `/agents/${id}/memory/blocks/repo.conventions`, {
        schema: { type: "object" },
        value: { indent: 2 },
      });
      return "repo.conventions";
    });
  }

  /** A deployment added with /model/new: its id (what /model/delete takes). */
  deployment(): Promise<string> {
    return this.once("deployment", async () => {
      const id = unique("rbac-deployment");
      await asMaster("POST", "/model/new", {
        model_name: "rbac-extra",
        litellm_params: { model: "mock/rbac-extra" },
        model_info: { id },
      });
      return id;
    });
  }

  /**
   * A session of the team's agent recorded by the gateway with full bodies (so it can be replayed), and indexed
   * in D1 as the queue consumer would: its id, scope and the span (request id) of its one call.
   */
  session(): Promise<{ id: string; scope: string; spanId: string }> {
    return this.once("session", async () => {
      // The agent's own key: its sessions are governed (kill switches, approvals) as well as traced.
      const { key } = await this.agent();
      const sessionId = unique("rbac-session");
      const call = await callGateway(
        "/v1/chat/completions",
        {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "x-session-id": sessionId },
          body: JSON.stringify({ model: FIXTURE_MODEL, messages: [{ role: "user", content: "hi" }] }),
        },
        { SESSION_TRACE_BODIES: "full" } as unknown as Partial<Env>,
      );
      expect(call.response.status, call.text).toBe(200);
      const batch = createMessageBatch(
        "switchyard-spend",
        (call.spendRecords as SpendQueueMessage[]).map((body, index) => ({
          id: `${sessionId}-${index}`,
          timestamp: new Date(),
          attempts: 1,
          body,
        })),
      );
      await consumeSpendBatch(batch, env);
      await getQueueResult(batch, createExecutionContext());
      return {
        id: sessionId,
        scope: sessionScopeOf({ keyHash: await sha256Hex(key), teamId: this.teamId }),
        spanId: call.response.headers.get("x-request-id") ?? "",
      };
    });
  }

  /** A vault credential of the team: its id. */
  vaultCredential(): Promise<string> {
    return this.once("vault", async () => {
      const created = await asMaster("POST", "/vault/credentials", {
        team_id: await this.team(),
        name: unique("rbac-credential"),
        secret: "rbac-secret-value-0123",
        destinations: [{ host: "api.example.com" }],
        injection: { in: "header", name: "authorization", template: "Bearer {{secret}}" },
      });
      return String(created.id);
    });
  }

  /** An upstream MCP server of the team: its name. */
  mcpServer(): Promise<string> {
    return this.once("mcpServer", async () => {
      const name = unique("rbac-mcp").toLowerCase();
      await asMaster("POST", "/mcp_servers", { name, url: "https://mcp.example.com/mcp", team_id: await this.team() });
      return name;
    });
  }

  /** The agent's tool policy at version 1: the agent's id. */
  toolPolicy(): Promise<string> {
    return this.once("toolPolicy", async () => {
      const { id } = await this.agent();
      await asMaster("PUT", `/agents/${id}/tool_policy`, { default_action: "allow", rules: [] });
      return id;
    });
  }

  /** Every id of this fixture created so far: none may appear in what another team's admin is shown. */
  async identifiers(): Promise<string[]> {
    await Promise.all(this.created.values());
    const ids = [this.teamId];
    if (this.created.has("key")) ids.push((await this.key()).hash);
    if (this.created.has("user")) ids.push(await this.user());
    if (this.created.has("agent")) ids.push((await this.agent()).id);
    if (this.created.has("session")) ids.push((await this.session()).id);
    if (this.created.has("vault")) ids.push(await this.vaultCredential());
    if (this.created.has("mcpServer")) ids.push(await this.mcpServer());
    return ids;
  }
}
