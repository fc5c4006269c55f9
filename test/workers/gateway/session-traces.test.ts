import { createExecutionContext, createMessageBatch, evictDurableObject, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sessionObjectName, sessionScopeOf } from "../../../workers/core/session/session-scope.ts";
import type { SessionTrace } from "../../../workers/core/session/session-trace.ts";
import { consumeSpendBatch } from "../../../workers/gateway/spend/consume-spend-batch.ts";
import type { SpendQueueMessage } from "../../../workers/gateway/spend/spend-queue-message.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());

beforeEach(async () => {
  await env.DB.batch(
    [
      "sessions",
      "session_model_calls",
      "tool_call_index",
      "session_responses",
      "spend_logs",
      "virtual_keys",
      "teams",
    ].map((table) => env.DB.prepare(`DELETE FROM ${table}`)),
  );
  await activateConfig(`
model_list:
  - model_name: gpt
    litellm_params: { model: openai/gpt-4.1, api_base: "https://openai.test/v1", api_key: sk-up, input_cost_per_token: 0.000002, output_cost_per_token: 0.000008 }
  - model_name: resp
    litellm_params: { model: openai/gpt-5.1, api_base: "https://openai.test/v1", api_key: sk-up, input_cost_per_token: 0.000001, output_cost_per_token: 0.00001 }
    model_info: { mode: responses }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
});

/** A team and a key in it (optionally an agent's); returns the key and the session scope its sessions get. */
async function teamKey(teamId: string, extra: Record<string, unknown> = {}) {
  expect((await postAdmin("/team/new", { team_id: teamId })).status).toBe(200);
  const generated = await postAdmin("/key/generate", { team_id: teamId, ...extra });
  expect(generated.status).toBe(200);
  return { key: String(generated.body.key), scope: sessionScopeOf({ keyHash: "", teamId }) };
}

/** Feeds the captured queue messages to the real consumer, as the Queue would. */
async function deliver(messages: SpendQueueMessage[]) {
  const batch = createMessageBatch(
    "switchyard-spend",
    messages.map((body, index) => ({ id: `m${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  await consumeSpendBatch(batch, env);
  const result = await getQueueResult(batch, createExecutionContext());
  expect(result.explicitAcks).toHaveLength(messages.length);
}

/** An OpenAI Chat Completions stream as the API sends it: role chunk, content or tool call deltas, finish, usage, [DONE]. */
function chatStream(
  answer: { text: string } | { toolCall: { id: string; name: string; arguments: string } },
  usage: { prompt: number; completion: number },
): Response {
  const base = {
    id: "chatcmpl-CU1",
    object: "chat.completion.chunk",
    created: 1763900000,
    model: "gpt-4.1-2025-04-14",
  };
  const chunk = (delta: unknown, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
  });
  const chunks: unknown[] = [chunk({ role: "assistant", content: "", refusal: null })];
  if ("text" in answer) {
    chunks.push(chunk({ content: answer.text }), chunk({}, "stop"));
  } else {
    const { id, name, arguments: args } = answer.toolCall;
    const half = Math.floor(args.length / 2);
    chunks.push(
      chunk({ tool_calls: [{ index: 0, id, type: "function", function: { name, arguments: "" } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] }),
      chunk({}, "tool_calls"),
    );
  }
  chunks.push({
    ...base,
    choices: [],
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
    },
  });
  const text = `${chunks.map((item) => `data: ${JSON.stringify(item)}\n\n`).join("")}data: [DONE]\n\n`;
  return new Response(text, { headers: { "content-type": "text/event-stream" } });
}

const weatherTool = {
  name: "get_weather",
  description: "Current weather for a city",
  input_schema: { type: "object", properties: { city: { type: "string" }, unit: { type: "string" } } },
};

function messagesCall(key: string, sessionId: string, messages: unknown[]) {
  return callGateway("/v1/messages?beta=true", {
    method: "POST",
    headers: {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
      "anthropic-version": "2023-06-01",
      "x-claude-code-session-id": sessionId,
    },
    body: JSON.stringify({ model: "gpt", max_tokens: 1024, stream: true, tools: [weatherTool], messages }),
  });
}

const spanIds = (trace: SessionTrace) =>
  trace.turns.map((turn) => turn.modelCalls.map((call) => [call.requestId, call.toolCalls.map((tool) => tool.name)]));

describe("session traces", () => {
  it("traces a 3-call tool-using Claude Code session through an OpenAI upstream, durably and searchably", async () => {
    const { key, scope } = await teamKey("team-e2e", { agent_id: "agent-weather" });
    const sessionId = `cc-${crypto.randomUUID()}`;
    const answers = [
      chatStream(
        { toolCall: { id: "call_paris", name: "get_weather", arguments: '{"city":"Paris"}' } },
        { prompt: 120, completion: 18 },
      ),
      chatStream(
        { toolCall: { id: "call_berlin", name: "get_weather", arguments: '{"city":"Berlin","unit":"celsius"}' } },
        { prompt: 160, completion: 25 },
      ),
      chatStream({ text: "Paris: 18°C, cloudy. Berlin: no data." }, { prompt: 210, completion: 30 }),
    ];
    upstream = mockUpstreams({
      "https://openai.test": () => answers.shift() ?? new Response("none left", { status: 500 }),
    });

    const question = { role: "user", content: "Weather in Paris, then Berlin?" };
    const parisCall = {
      role: "assistant",
      content: [{ type: "tool_use", id: "call_paris", name: "get_weather", input: { city: "Paris" } }],
    };
    const parisResult = {
      role: "user",
      content: [{ type: "tool_result", tool_use_id: "call_paris", content: "18°C, cloudy" }],
    };
    const berlinCall = {
      role: "assistant",
      content: [
        { type: "text", text: "Paris done; now Berlin." },
        { type: "tool_use", id: "call_berlin", name: "get_weather", input: { city: "Berlin", unit: "celsius" } },
      ],
    };
    const berlinResult = {
      role: "user",
      content: [
        {
          type: "tool_result",
          tool_use_id: "call_berlin",
          content: [{ type: "text", text: "Station offline" }],
          is_error: true,
        },
      ],
    };
    const first = await messagesCall(key, sessionId, [question]);
    expect(first.text).toContain('"id":"call_paris"');
    const second = await messagesCall(key, sessionId, [question, parisCall, parisResult]);
    expect(second.text).toContain('"id":"call_berlin"');
    const third = await messagesCall(key, sessionId, [question, parisCall, parisResult, berlinCall, berlinResult]);
    expect(third.text).toContain("Paris: 18°C, cloudy. Berlin: no data.");
    for (const result of [first, second, third]) {
      expect(result.response.status).toBe(200);
      expect(result.response.headers.get("x-switchyard-session-id")).toBe(sessionId);
      expect(result.response.headers.get("x-switchyard-translation")).toBe("anthropic-messages->openai-chat");
    }
    // The upstream got OpenAI Chat: the tool call and its result in OpenAI's shape.
    expect(JSON.parse(upstream.requests[1]?.body ?? "")).toMatchObject({
      model: "gpt-4.1",
      messages: [
        { role: "user" },
        {
          role: "assistant",
          tool_calls: [{ id: "call_paris", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
        },
        { role: "tool", tool_call_id: "call_paris", content: "18°C, cloudy" },
      ],
    });

    const records = [first, second, third].flatMap((result) => result.spendRecords as SpendQueueMessage[]);
    expect(records.map((record) => [record.sessionId, record.agentId, record.session?.scope])).toEqual([
      [sessionId, "agent-weather", scope],
      [sessionId, "agent-weather", scope],
      [sessionId, "agent-weather", scope],
    ]);
    await deliver(records);

    const read = await callAdmin(`/sessions/${sessionId}`);
    expect(read.status).toBe(200);
    const trace = read.body as unknown as SessionTrace;
    const requestIds = [first, second, third].map((result) => result.response.headers.get("x-request-id"));
    expect(spanIds(trace)).toEqual([
      [
        [requestIds[0], ["get_weather"]],
        [requestIds[1], ["get_weather"]],
        [requestIds[2], []],
      ],
    ]);
    const calls = trace.turns[0]?.modelCalls ?? [];
    expect(calls.map((call) => call.toolCalls[0] ?? null)).toEqual([
      {
        toolCallId: "call_paris",
        name: "get_weather",
        arguments: '{"city":"Paris"}',
        result: "18°C, cloudy",
        isError: false,
        observedInRequestId: requestIds[1],
        observedAt: records[1]?.startedAt,
        resultRequestId: requestIds[1],
      },
      {
        toolCallId: "call_berlin",
        name: "get_weather",
        arguments: '{"city":"Berlin","unit":"celsius"}',
        result: "Station offline",
        isError: true,
        observedInRequestId: requestIds[2],
        observedAt: records[2]?.startedAt,
        resultRequestId: requestIds[2],
      },
      null,
    ]);
    expect(
      calls.map((call) => [
        call.modelGroup,
        call.deployment,
        call.provider,
        call.usage.inputTokens,
        call.usage.outputTokens,
      ]),
    ).toEqual([
      ["gpt", records[0]?.deployment, "openai", 120, 18],
      ["gpt", records[0]?.deployment, "openai", 160, 25],
      ["gpt", records[0]?.deployment, "openai", 210, 30],
    ]);
    expect(calls[0]?.parameters).toEqual({
      temperature: null,
      topP: null,
      maxOutputTokens: 1024,
      reasoningEffort: null,
      toolCount: 1,
      stream: true,
    });
    // Cost per step is each call's spend record; the totals are their sum.
    expect(calls.map((call) => call.costUsd)).toEqual(records.map((record) => record.costUsd));
    expect(records[0]?.costUsd).toBeCloseTo(120 * 0.000002 + 18 * 0.000008, 12);
    const spent = records.reduce((sum, record) => sum + record.costUsd, 0);
    expect(trace.totals).toEqual({
      turns: 1,
      modelCalls: 3,
      toolCalls: 2,
      inputTokens: 490,
      outputTokens: 73,
      costUsd: spent,
    });
    expect(trace).toMatchObject({ sessionId, scope, agentId: "agent-weather", tracePolicy: "metadata" });

    // The session object is evicted (a deploy): everything reads back the same.
    await evictDurableObject(env.AGENT_SESSION.getByName(sessionObjectName(scope, sessionId)));
    expect((await callAdmin(`/sessions/${sessionId}`)).body).toEqual(read.body);

    // A redelivered batch changes nothing in the index.
    await deliver(records);
    const listed = await callAdmin("/sessions?agent_id=agent-weather");
    expect(listed.body.data).toEqual([
      expect.objectContaining({
        session_id: sessionId,
        scope,
        team_id: "team-e2e",
        status: "ok",
        model_calls: 3,
        tool_calls: 2,
      }),
    ]);
    expect((listed.body.data as Array<{ cost_usd: number }>)[0]?.cost_usd).toBeCloseTo(spent, 12);

    const found = await callAdmin("/sessions/search?tool=get_weather&argument=BERLIN");
    expect(found.status).toBe(200);
    expect(found.body.data).toEqual([
      expect.objectContaining({
        session_id: sessionId,
        matches: [
          {
            tool_call_id: "call_berlin",
            tool_name: "get_weather",
            arguments: '{"city":"Berlin","unit":"celsius"}',
            started_at: records[2]?.startedAt,
          },
        ],
      }),
    ]);
    expect((await callAdmin("/sessions/search?argument=Lisbon")).body.data).toEqual([]);
  });

  it("keeps two tenants' equal session ids apart, and shows a team_admin only its own", async () => {
    upstream = mockUpstreams({ "https://openai.test": () => chatStream({ text: "hi" }, { prompt: 5, completion: 1 }) });
    const alpha = await teamKey("team-alpha");
    const beta = await teamKey("team-beta");
    const shared = `shared-${crypto.randomUUID()}`;
    const a = await messagesCall(alpha.key, shared, [{ role: "user", content: "from alpha" }]);
    const b1 = await messagesCall(beta.key, shared, [{ role: "user", content: "from beta" }]);
    const b2 = await messagesCall(beta.key, shared, [{ role: "user", content: "from beta again" }]);
    await deliver([a, b1, b2].flatMap((result) => result.spendRecords as SpendQueueMessage[]));

    const alphaTrace = (await callAdmin(`/sessions/${shared}?scope=${alpha.scope}`)).body as unknown as SessionTrace;
    const betaTrace = (await callAdmin(`/sessions/${shared}?scope=${beta.scope}`)).body as unknown as SessionTrace;
    expect(alphaTrace.turns.flatMap((turn) => turn.modelCalls.map((call) => call.requestId))).toEqual([
      a.response.headers.get("x-request-id"),
    ]);
    expect(betaTrace.totals.modelCalls).toBe(2);

    const ambiguous = await callAdmin(`/sessions/${shared}`);
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body).toMatchObject({ error: { param: "scope" } });

    const teamAdmin = await postAdmin("/key/generate", { team_id: "team-alpha", role: "team_admin" });
    const asTeamAdmin = (path: string) => callAdmin(path, { key: String(teamAdmin.body.key) });
    const own = await asTeamAdmin(`/sessions/${shared}`);
    expect(own.status).toBe(200);
    expect((own.body as unknown as SessionTrace).scope).toBe(alpha.scope);
    expect((await asTeamAdmin(`/sessions/${shared}?scope=${beta.scope}`)).status).toBe(404);
    expect((await asTeamAdmin("/sessions")).body.data).toEqual([expect.objectContaining({ team_id: "team-alpha" })]);
  });

  it("mints a session on `x-switchyard-session: new` and joins previous_response_id follow-ups to it", async () => {
    const responseBody = (id: string) => ({
      id,
      object: "response",
      created_at: 1763900000,
      status: "completed",
      model: "gpt-5.1-2025-11-13",
      output: [
        {
          id: `msg_${id}`,
          type: "message",
          status: "completed",
          role: "assistant",
          content: [{ type: "output_text", annotations: [], logprobs: [], text: "ok" }],
        },
      ],
      usage: {
        input_tokens: 12,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: 2,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 14,
      },
    });
    const ids = ["resp_first0001", "resp_second002", "resp_loose0003"];
    upstream = mockUpstreams({ "https://openai.test": () => Response.json(responseBody(ids.shift() ?? "resp_none")) });
    const { key, scope } = await teamKey("team-chain");
    const respond = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      callGateway("/v1/responses", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
        body: JSON.stringify({ model: "resp", input: "hello", ...body }),
      });

    const started = await respond({}, { "x-switchyard-session": "new" });
    const minted = started.response.headers.get("x-switchyard-session-id") ?? "";
    expect(minted).toMatch(/^sess_[0-9a-f]{24}$/);
    const followUp = await respond({ previous_response_id: "resp_first0001" });
    expect(followUp.response.headers.get("x-switchyard-session-id")).toBe(minted);
    expect(JSON.parse(upstream.requests[1]?.body ?? "")).toMatchObject({ previous_response_id: "resp_first0001" });
    const stateless = await respond({});
    expect(stateless.response.headers.get("x-switchyard-session-id")).toBeNull();
    expect([started, followUp, stateless].map((result) => result.spendRecords[0]?.sessionId)).toEqual([
      minted,
      minted,
      null,
    ]);

    const messages = [started, followUp].flatMap((result) => result.spendRecords as SpendQueueMessage[]);
    expect(messages.map((message) => message.session?.responseId)).toEqual(["resp_first0001", "resp_second002"]);
    await deliver(messages);
    const trace = (await callAdmin(`/sessions/${minted}`)).body as unknown as SessionTrace;
    expect(trace).toMatchObject({ sessionId: minted, scope, totals: { modelCalls: 2 } });
    // The D1 copy answers where the colo cache has nothing (another colo, or an evicted entry).
    const row = await env.DB.prepare("SELECT session_id FROM session_responses WHERE scope = ? AND response_id = ?")
      .bind(scope, "resp_second002")
      .first();
    expect(row).toEqual({ session_id: minted });
  });

  it("lists with filters and exports a trace as OTLP JSON with GenAI attributes", async () => {
    let calls = 0;
    upstream = mockUpstreams({
      "https://openai.test": () =>
        ++calls === 1
          ? chatStream(
              { toolCall: { id: "call_ls", name: "bash", arguments: '{"command":"ls"}' } },
              { prompt: 50, completion: 10 },
            )
          : calls === 2
            ? chatStream({ text: "done" }, { prompt: 80, completion: 5 })
            : new Response(JSON.stringify({ error: { message: "overloaded", type: "server_error" } }), { status: 400 }),
    });
    const { key, scope } = await teamKey("team-otel", { agent_id: "agent-otel" });
    const sessionId = `otel-${crypto.randomUUID()}`;
    const ask = { role: "user", content: "list files" };
    const toolUse = {
      role: "assistant",
      content: [{ type: "tool_use", id: "call_ls", name: "bash", input: { command: "ls" } }],
    };
    const toolResult = { role: "user", content: [{ type: "tool_result", tool_use_id: "call_ls", content: "a.txt" }] };
    const results = [
      await messagesCall(key, sessionId, [ask]),
      await messagesCall(key, sessionId, [ask, toolUse, toolResult]),
      await messagesCall(key, `other-${crypto.randomUUID()}`, [{ role: "user", content: "fails" }]),
    ];
    expect(results.map((result) => result.response.status)).toEqual([200, 200, 400]);
    await deliver(results.flatMap((result) => result.spendRecords as SpendQueueMessage[]));

    const byStatus = async (query: string) =>
      ((await callAdmin(`/sessions?${query}`)).body.data as Array<{ session_id: string }>).map((row) => row.session_id);
    expect(await byStatus("team_id=team-otel&status=ok")).toEqual([sessionId]);
    expect((await byStatus("team_id=team-otel&status=error")).length).toBe(1);
    expect(await byStatus("min_cost=0.0001")).toEqual([sessionId]);
    expect(await byStatus("to=1000")).toEqual([]);
    expect((await callAdmin("/sessions?status=stuck")).body).toMatchObject({ error: { param: "status" } });
    expect((await callAdmin("/sessions?from=yesterday")).status).toBe(400);
    expect((await callAdmin("/sessions/search")).status).toBe(400);
    const paged = await callAdmin("/sessions?team_id=team-otel&page_size=1&page=2");
    expect(paged.body).toMatchObject({ total: 2, page: 2, page_size: 1, total_pages: 2 });

    const exported = await callAdmin(`/sessions/${sessionId}/export`);
    expect(exported.status).toBe(200);
    const resourceSpans = exported.body.resourceSpans as Array<{
      resource: { attributes: unknown[] };
      scopeSpans: Array<{
        spans: Array<{
          name: string;
          spanId: string;
          parentSpanId?: string;
          traceId: string;
          attributes: Array<{ key: string; value: Record<string, unknown> }>;
        }>;
      }>;
    }>;
    expect(resourceSpans[0]?.resource.attributes).toEqual([
      { key: "service.name", value: { stringValue: "switchyard-gateway" } },
    ]);
    const spans = resourceSpans[0]?.scopeSpans[0]?.spans ?? [];
    expect(spans.map((span) => span.name)).toEqual([
      "invoke_agent agent-otel",
      "turn 1",
      "chat gpt",
      "execute_tool bash",
      "chat gpt",
    ]);
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
    expect(spans[0]?.traceId).toMatch(/^[0-9a-f]{32}$/);
    const [root, turn, chat, tool] = spans;
    expect([turn?.parentSpanId, chat?.parentSpanId, tool?.parentSpanId]).toEqual([
      root?.spanId,
      turn?.spanId,
      chat?.spanId,
    ]);
    const attributesOf = (span: (typeof spans)[number] | undefined) =>
      Object.fromEntries(
        (span?.attributes ?? []).map((attribute) => [attribute.key, Object.values(attribute.value)[0]]),
      );
    expect(attributesOf(root)).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.id": "agent-otel",
      "gen_ai.conversation.id": sessionId,
      "switchyard.session.scope": scope,
    });
    expect(attributesOf(chat)).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt",
      "gen_ai.request.max_tokens": "1024",
      "gen_ai.usage.input_tokens": "50",
      "gen_ai.usage.output_tokens": "10",
      "gen_ai.provider.name": "openai",
    });
    expect(attributesOf(tool)).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "bash",
      "gen_ai.tool.call.id": "call_ls",
      "gen_ai.tool.call.arguments": '{"command":"ls"}',
      "gen_ai.tool.call.result": "a.txt",
    });
    expect((await callAdmin(`/sessions/unknown-${crypto.randomUUID()}/export`)).status).toBe(404);
  });
});
