import { env } from "cloudflare:workers";
import { sha256Hex } from "../../../workers/core/auth/hash-key.ts";
import { callAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";
import {
  activatePricedConfig,
  chatCompletion,
  createAgentInNewTeam,
  unique,
} from "../gateway/budgets/budget-fixtures.ts";

export { unique };

/** `priced` costs INPUT_PRICE / OUTPUT_PRICE per token: 1,000 output tokens are $0.01. */
export const activateGovernanceConfig = activatePricedConfig;

/** Every upstream call answers with 10 input and `outputTokens` output tokens. */
export function answerEveryCall(outputTokens = 10) {
  return mockUpstreams({ "https://openai.test": () => Response.json(chatCompletion(10, outputTokens)) });
}

/** A new agent in a new team, with the governance settings given; its key and key hash. */
export async function createGovernedAgent(settings: Record<string, unknown> = {}) {
  const agent = await createAgentInNewTeam("gov-agent", settings);
  return { ...agent, keyHash: await sha256Hex(agent.key), scope: `team:${encodeURIComponent(agent.teamId)}` };
}

export interface ChatOptions {
  session?: string;
  content?: string;
  maxTokens?: number;
  format?: "openai" | "anthropic";
  overrides?: Partial<Env>;
}

/** One model call with `key`, in `session` when given; OpenAI chat or Anthropic messages. */
export function chat(key: string, options: ChatOptions = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  if (options.session !== undefined) headers["x-switchyard-session"] = options.session;
  const messages = [{ role: "user", content: options.content ?? "hi" }];
  const maxTokens = options.maxTokens ?? 10;
  const anthropic = options.format === "anthropic";
  if (anthropic) headers["anthropic-version"] = "2023-06-01";
  return callGateway(
    anthropic ? "/v1/messages" : "/v1/chat/completions",
    { method: "POST", headers, body: JSON.stringify({ model: "priced", max_tokens: maxTokens, messages }) },
    options.overrides ?? {},
  );
}

/** Polls GET /approvals until the agent has a pending approval (the held call has reached its object). */
export async function waitForPendingApproval(agentId: string): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const listed = await callAdmin(`/approvals?agent_id=${agentId}`);
    const first = (listed.body.data as Array<Record<string, unknown>> | undefined)?.[0];
    if (first !== undefined) return first;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no pending approval for ${agentId}`);
}

export const controlObject = (agentId: string) => env.AGENT_CONTROL.getByName(`agent:${agentId}`);
