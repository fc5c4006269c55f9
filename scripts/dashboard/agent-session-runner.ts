// Plays a coding agent against the gateway: each user turn runs the tool loop (model asks for a tool,
// the "client" runs it for a moment and sends the result back with the whole conversation) until the
// model answers in text. Everything is real gateway traffic under one session id.

interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string | null;
  tool_calls?: Array<{ id: string; type: "function"; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

interface ChatAnswer {
  choices?: Array<{ message?: { content?: string | null; tool_calls?: ChatMessage["tool_calls"] } }>;
}

export interface AgentSessionPlan {
  gatewayUrl: string;
  key: string;
  sessionId: string;
  model: string;
  system: string;
  tools: string[];
  turns: string[];
}

const TOOL_RESULTS: Record<string, string> = {
  read_file: "export async function handleModelRequest(context: RequestContext) {\n  // 212 lines\n}",
  run_tests: "Test Files  14 passed (14)\n     Tests  311 passed (311)",
  search_code: "workers/gateway/config-cache.ts:41\nworkers/admin/routes/health-routes.ts:62",
  list_tickets: '[{"id":4821,"title":"Safari login loop"},{"id":4830,"title":"CSV export drops quotes"}]',
  git_log: "a1b2c3d Session replay\n9f8e7d6 Audit chain verification\n5c4b3a2 Dashboard",
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function toolDefinition(name: string) {
  return {
    type: "function",
    function: {
      name,
      description: `The ${name.replaceAll("_", " ")} tool`,
      parameters: { type: "object", properties: {}, additionalProperties: true },
    },
  };
}

async function chat(plan: AgentSessionPlan, messages: ChatMessage[]): Promise<ChatAnswer | null> {
  const response = await fetch(`${plan.gatewayUrl}/v1/chat/completions`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${plan.key}`,
      "content-type": "application/json",
      "x-session-id": plan.sessionId,
    },
    body: JSON.stringify({ model: plan.model, messages, tools: plan.tools.map(toolDefinition), max_tokens: 2048 }),
  });
  if (!response.ok) {
    await response.body?.cancel();
    return null;
  }
  return (await response.json()) as ChatAnswer;
}

/** Runs the session; a failed call ends its turn, as an agent would surface the error and wait. */
export async function runAgentSession(plan: AgentSessionPlan): Promise<void> {
  const messages: ChatMessage[] = [{ role: "system", content: plan.system }];
  for (const turn of plan.turns) {
    messages.push({ role: "user", content: turn });
    for (let step = 0; step < 6; step++) {
      const answer = await chat(plan, messages);
      const message = answer?.choices?.[0]?.message;
      if (message === undefined) break;
      const calls = message.tool_calls ?? [];
      messages.push({
        role: "assistant",
        content: message.content ?? null,
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
      });
      if (calls.length === 0) break;
      for (const call of calls) {
        await sleep(250 + Math.random() * 900);
        messages.push({ role: "tool", tool_call_id: call.id, content: TOOL_RESULTS[call.function.name] ?? "ok" });
      }
    }
    await sleep(400 + Math.random() * 800);
  }
}
