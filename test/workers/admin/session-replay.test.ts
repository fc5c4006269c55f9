import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../../workers/core/auth/hash-key.ts";
import { sessionScopeOf } from "../../../workers/core/session/session-scope.ts";
import type { SessionTrace } from "../../../workers/core/session/session-trace.ts";
import { consumeSpendBatch } from "../../../workers/gateway/spend/consume-spend-batch.ts";
import type { SpendQueueMessage } from "../../../workers/gateway/spend/spend-queue-message.ts";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callAdmin, postAdmin } from "../../helpers/call-admin.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";
import { adminCall, signIn } from "./admin-session-client.ts";

const FULL_BODIES = { SESSION_TRACE_BODIES: "full" } as unknown as Partial<Env>;
const GPT_PRICE = { input: 0.000002, output: 0.000008 };
const MINI_PRICE = { input: 0.0000004, output: 0.0000016 };

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());

beforeEach(async () => {
  await env.DB.batch(
    ["sessions", "session_model_calls", "tool_call_index", "spend_logs", "virtual_keys", "teams"].map((table) =>
      env.DB.prepare(`DELETE FROM ${table}`),
    ),
  );
  await activateConfig(`
model_list:
  - model_name: gpt
    litellm_params: { model: openai/gpt-4.1, api_base: "https://openai.test/v1", api_key: sk-up, input_cost_per_token: ${GPT_PRICE.input}, output_cost_per_token: ${GPT_PRICE.output} }
  - model_name: gpt-mini
    litellm_params: { model: openai/gpt-4.1-mini, api_base: "https://openai.test/v1", api_key: sk-up, input_cost_per_token: ${MINI_PRICE.input}, output_cost_per_token: ${MINI_PRICE.output} }
general_settings: { master_key: ${TEST_MASTER_KEY} }
`);
});

/** A key in the team (created on first use), as the master key issues it. */
async function teamKey(teamId: string, extra: Record<string, unknown> = {}) {
  const created = await postAdmin("/team/new", { team_id: teamId });
  expect([200, 400, 409]).toContain(created.status);
  const generated = await postAdmin("/key/generate", { team_id: teamId, ...extra });
  expect(generated.status).toBe(200);
  return String(generated.body.key);
}

async function deliver(messages: SpendQueueMessage[]) {
  const batch = createMessageBatch(
    "switchyard-spend",
    messages.map((body, index) => ({ id: `m${index}`, timestamp: new Date(), attempts: 1, body })),
  );
  await consumeSpendBatch(batch, env);
  await getQueueResult(batch, createExecutionContext());
}

type Answer = { text: string } | { toolCall: { id: string; name: string; arguments: string } };
const usageOf = (prompt: number, completion: number) => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
});

/** An OpenAI Chat stream (what the recorded session got) or completion (what a replay gets). */
function chatAnswer(answer: Answer, prompt: number, completion: number, stream: boolean): Response {
  const message =
    "text" in answer
      ? { role: "assistant", content: answer.text }
      : {
          role: "assistant",
          content: null,
          tool_calls: [{ id: answer.toolCall.id, type: "function", function: answer.toolCall }],
        };
  const finish = "text" in answer ? "stop" : "tool_calls";
  const base = { id: "chatcmpl-R1", created: 1763900000, model: "gpt-4.1-2025-04-14" };
  if (!stream) {
    return Response.json({
      ...base,
      object: "chat.completion",
      choices: [{ index: 0, message, finish_reason: finish }],
      usage: usageOf(prompt, completion),
    });
  }
  const delta =
    "text" in answer
      ? { role: "assistant", content: answer.text }
      : { role: "assistant", tool_calls: [{ index: 0, ...message.tool_calls?.[0] }] };
  const chunks = [
    { ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: null }] },
    { ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: finish }] },
    { ...base, object: "chat.completion.chunk", choices: [], usage: usageOf(prompt, completion) },
  ];
  const text = `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("")}data: [DONE]\n\n`;
  return new Response(text, { headers: { "content-type": "text/event-stream" } });
}

/** Answers streams from `recorded` in order, and every non-streaming call (a replay) with `replayAnswer`. */
function mockOpenAi(recorded: Array<[Answer, number, number]>, replayAnswer: Answer = { text: "Replayed." }) {
  upstream = mockUpstreams({
    "https://openai.test": (_request, body) => {
      if ((JSON.parse(body) as { stream?: boolean }).stream !== true) return chatAnswer(replayAnswer, 90, 7, false);
      const [answer, prompt, completion] = recorded.shift() ?? [{ text: "none left" }, 1, 1];
      return chatAnswer(answer, prompt, completion, true);
    },
  });
  return upstream;
}

const weatherTool = {
  name: "get_weather",
  description: "Current weather for a city",
  input_schema: { type: "object", properties: { city: { type: "string" } } },
};

function messagesCall(key: string, sessionId: string, messages: unknown[], overrides: Partial<Env> = FULL_BODIES) {
  return callGateway(
    "/v1/messages",
    {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "anthropic-version": "2023-06-01",
        "x-claude-code-session-id": sessionId,
      },
      body: JSON.stringify({
        model: "gpt",
        max_tokens: 1024,
        stream: true,
        system: "You are a weather bot.",
        tools: [weatherTool],
        messages,
      }),
    },
    overrides,
  );
}

const question = { role: "user", content: "Weather in Paris, then Berlin?" };
const parisCall = {
  role: "assistant",
  content: [{ type: "tool_use", id: "call_paris", name: "get_weather", input: { city: "Paris" } }],
};
const parisResult = { role: "user", content: [{ type: "tool_result", tool_use_id: "call_paris", content: "18°C" }] };
const berlinCall = {
  role: "assistant",
  content: [
    { type: "text", text: "Paris done; now Berlin." },
    { type: "tool_use", id: "call_berlin", name: "get_weather", input: { city: "Berlin" } },
  ],
};
const berlinResult = { role: "user", content: [{ type: "tool_result", tool_use_id: "call_berlin", content: "12°C" }] };

/** Records a 3-call tool-using session (Claude Code through an OpenAI upstream); returns its span ids. */
async function recordSession(key: string, sessionId: string, overrides: Partial<Env> = FULL_BODIES) {
  mockOpenAi([
    [{ toolCall: { id: "call_paris", name: "get_weather", arguments: '{"city":"Paris"}' } }, 120, 18],
    [{ toolCall: { id: "call_berlin", name: "get_weather", arguments: '{"city":"Berlin"}' } }, 160, 25],
    [{ text: "Paris 18°C, Berlin 12°C." }, 210, 30],
  ]);
  const calls = [
    await messagesCall(key, sessionId, [question], overrides),
    await messagesCall(key, sessionId, [question, parisCall, parisResult], overrides),
    await messagesCall(key, sessionId, [question, parisCall, parisResult, berlinCall, berlinResult], overrides),
  ];
  for (const call of calls) expect(call.response.status).toBe(200);
  await deliver(calls.flatMap((call) => call.spendRecords as SpendQueueMessage[]));
  return calls.map((call) => call.response.headers.get("x-request-id") ?? "");
}

const replayPath = (sessionId: string, spanId: string) =>
  `/sessions/${encodeURIComponent(sessionId)}/spans/${spanId}/replay`;

/** The queue consumer writes spend rows a moment after the replay; wait for the row of `requestId`. */
async function spendRow(requestId: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const row = await env.DB.prepare(
      "SELECT key_hash, team_id, model_group, replay_of FROM spend_logs WHERE request_id = ?",
    )
      .bind(requestId)
      .first();
    if (row !== null) return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

describe("POST /sessions/:id/spans/:span/replay", () => {
  it("replays span 2 with another model and temperature, charged to the calling admin and recorded as a replay", async () => {
    const agentKey = await teamKey("team-replay");
    const sessionId = `cc-${crypto.randomUUID()}`;
    const spans = await recordSession(agentKey, sessionId);
    const recordedUpstream = upstream?.requests.map((request) => JSON.parse(request.body) as Record<string, unknown>);
    const adminKey = await teamKey("team-replay", { role: "team_admin" });

    const replayed = await postAdmin(
      replayPath(sessionId, spans[1] ?? ""),
      { model: "gpt-mini", temperature: 0.3 },
      adminKey,
    );
    expect(replayed.status).toBe(200);

    // The upstream got span 2's conversation rebuilt from the trace: system, question, tool call, tool result.
    const sent = JSON.parse(upstream?.requests.at(-1)?.body ?? "{}") as Record<string, unknown>;
    const expectedMessages = [
      { role: "system", content: "You are a weather bot." },
      { role: "user", content: "Weather in Paris, then Berlin?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_paris", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_paris", content: "18°C" },
    ];
    expect(sent.messages).toEqual(expectedMessages);
    // Exactly what the original call sent upstream, with the new model and temperature, not streamed.
    expect(sent.messages).toEqual(recordedUpstream?.[1]?.messages);
    expect(sent.tools).toEqual(recordedUpstream?.[1]?.tools);
    expect(sent.tools).toEqual([
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Current weather for a city",
          parameters: weatherTool.input_schema,
        },
      },
    ]);
    expect(sent).toMatchObject({ model: "gpt-4.1-mini", temperature: 0.3, max_tokens: 1024 });
    expect(sent.stream).toBeUndefined();

    const body = replayed.body as Record<string, Record<string, unknown>>;
    expect(body.span_id).toBe(spans[1]);
    expect(body.original).toEqual({
      model: "gpt",
      output: {
        text: "Paris done; now Berlin.",
        tool_calls: [{ id: "call_berlin", name: "get_weather", arguments: '{"city":"Berlin"}' }],
      },
      usage: { input_tokens: 160, output_tokens: 25, cache_read_tokens: 0, cache_write_tokens: 0 },
      cost_usd: expect.closeTo(160 * GPT_PRICE.input + 25 * GPT_PRICE.output, 12),
    });
    const teamScope = sessionScopeOf({ keyHash: "", teamId: "team-replay" });
    expect(body.replay).toEqual({
      request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      session_id: `replay/${sessionId}`,
      session_scope: teamScope,
      model: "gpt-mini",
      output: { text: "Replayed.", tool_calls: [] },
      usage: { input_tokens: 90, output_tokens: 7, cache_read_tokens: 0, cache_write_tokens: 0 },
      cost_usd: expect.closeTo(90 * MINI_PRICE.input + 7 * MINI_PRICE.output, 12),
      latency_ms: expect.any(Number),
    });
    expect(body.warnings).toEqual([]);

    // The replay's span is in its own session, marked as a replay of span 2; the original session is unchanged.
    const replayRequestId = String(body.replay?.request_id);
    const replayTrace = await callAdmin(`/sessions/${encodeURIComponent(`replay/${sessionId}`)}?scope=${teamScope}`);
    expect(replayTrace.status).toBe(200);
    const replaySpans = (replayTrace.body as unknown as SessionTrace).turns.flatMap((turn) => turn.modelCalls);
    expect(replaySpans.map((span) => [span.requestId, span.modelGroup, span.replayOf])).toEqual([
      [replayRequestId, "gpt-mini", spans[1]],
    ]);
    const original = (await callAdmin(`/sessions/${sessionId}`)).body as unknown as SessionTrace;
    expect(original.totals.modelCalls).toBe(3);
    expect(original.turns[0]?.modelCalls.map((span) => span.replayOf)).toEqual([null, null, null]);

    // Charged to the admin key that asked for the replay, not to the key that recorded the session.
    const row = await spendRow(replayRequestId);
    expect(row).toEqual({
      key_hash: await sha256Hex(adminKey),
      team_id: "team-replay",
      model_group: "gpt-mini",
      replay_of: spans[1],
    });
    expect(row?.key_hash).not.toBe(await sha256Hex(agentKey));
  });

  it("replaces the system prompt, the last user message and max_tokens; the master key's replays go to its own scope", async () => {
    const sessionId = `cc-${crypto.randomUUID()}`;
    const spans = await recordSession(await teamKey("team-prompt"), sessionId);
    const replayed = await postAdmin(replayPath(sessionId, spans[2] ?? ""), {
      system: "Answer in French.",
      prompt: "Only Berlin, please.",
      max_tokens: 50,
    });
    expect(replayed.status).toBe(200);
    const sent = JSON.parse(upstream?.requests.at(-1)?.body ?? "{}") as Record<string, unknown>;
    expect(sent).toMatchObject({ model: "gpt-4.1", max_tokens: 50 });
    expect(sent.temperature).toBeUndefined();
    expect(sent.messages).toEqual([
      { role: "system", content: "Answer in French." },
      { role: "user", content: "Only Berlin, please." },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_paris", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_paris", content: "18°C" },
      {
        role: "assistant",
        content: "Paris done; now Berlin.",
        tool_calls: [
          { id: "call_berlin", type: "function", function: { name: "get_weather", arguments: '{"city":"Berlin"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_berlin", content: "12°C" },
    ]);
    // The session ended with this call: no later call carried its answer back.
    expect(replayed.body.original).toMatchObject({ model: "gpt", output: null });
    const masterScope = sessionScopeOf({ keyHash: await sha256Hex(TEST_MASTER_KEY), teamId: null });
    expect(replayed.body.replay).toMatchObject({ session_id: `replay/${sessionId}`, session_scope: masterScope });
    const trace = await callAdmin(`/sessions/${encodeURIComponent(`replay/${sessionId}`)}?scope=${masterScope}`);
    expect((trace.body as unknown as SessionTrace).turns[0]?.modelCalls[0]?.replayOf).toBe(spans[2]);
  });

  it("replays for a dashboard session: the cookie's key is charged, though the browser never held it", async () => {
    const sessionId = `cookie-${crypto.randomUUID()}`;
    const spans = await recordSession(await teamKey("team-cookie"), sessionId);
    const adminKey = await teamKey("team-cookie", { role: "team_admin" });
    const cookie = await signIn(adminKey);

    const replayed = await adminCall(replayPath(sessionId, spans[1] ?? ""), {
      method: "POST",
      cookie,
      headers: { "x-switchyard-csrf": "1" },
      json: { model: "gpt-mini" },
    });
    expect(replayed.status).toBe(200);
    const replay = replayed.body.replay as Record<string, unknown>;
    expect(replay).toMatchObject({ model: "gpt-mini", output: { text: "Replayed.", tool_calls: [] } });
    const row = await spendRow(String(replay.request_id));
    expect(row).toMatchObject({ key_hash: await sha256Hex(adminKey), team_id: "team-cookie", replay_of: spans[1] });
  });

  it("refuses with 409 a span recorded under the metadata trace policy", async () => {
    const sessionId = `meta-${crypto.randomUUID()}`;
    const spans = await recordSession(await teamKey("team-meta"), sessionId, {});
    const refused = await postAdmin(replayPath(sessionId, spans[1] ?? ""), {});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: {
        type: "invalid_request_error",
        message: expect.stringMatching(/trace policy 'metadata'.*trace_policy\.bodies = "full"/),
      },
    });
  });

  it("answers 404 for an unknown span or session, 403 to viewers, 400 for bad bodies, and hides other teams' sessions", async () => {
    const sessionId = `auth-${crypto.randomUUID()}`;
    const spans = await recordSession(await teamKey("team-own"), sessionId);
    const path = replayPath(sessionId, spans[1] ?? "");
    const calls = upstream?.requests.length;

    const unknownSpan = await postAdmin(replayPath(sessionId, crypto.randomUUID()), {});
    expect(unknownSpan.status).toBe(404);
    expect(unknownSpan.body).toMatchObject({ error: { message: expect.stringContaining(sessionId) } });
    expect((await postAdmin(replayPath(`nope-${crypto.randomUUID()}`, spans[1] ?? ""), {})).status).toBe(404);

    const viewer = await postAdmin("/key/generate", { role: "viewer" });
    const asViewer = await postAdmin(path, {}, String(viewer.body.key));
    expect(asViewer.status).toBe(403);
    expect(asViewer.body).toMatchObject({ error: { type: "permission_error" } });

    const otherTeamAdmin = await teamKey("team-other", { role: "team_admin" });
    expect((await postAdmin(path, {}, otherTeamAdmin)).status).toBe(404);
    const ownScope = sessionScopeOf({ keyHash: "", teamId: "team-own" });
    expect((await postAdmin(`${path}?scope=${ownScope}`, {}, otherTeamAdmin)).status).toBe(404);

    for (const [body, param] of [
      [{ temperature: 3 }, "temperature"],
      [{ max_tokens: 0 }, "max_tokens"],
      [{ model: "" }, "model"],
      [{ messages: [] }, "messages"],
    ] as const) {
      const refused = await postAdmin(path, body);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain(param);
    }
    expect((await callAdmin(path, { method: "POST", body: "{not json" })).status).toBe(400);
    // Nothing was re-sent for any of these.
    expect(upstream?.requests.length).toBe(calls);
  });

  it("passes on the gateway's refusal: the caller's own budget and model access apply", async () => {
    const sessionId = `budget-${crypto.randomUUID()}`;
    const spans = await recordSession(await teamKey("team-budget"), sessionId);
    const broke = await teamKey("team-budget", { role: "team_admin", max_budget: 0 });
    const refused = await postAdmin(replayPath(sessionId, spans[0] ?? ""), {}, broke);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { type: "budget_exceeded" } });

    const unknownModel = await postAdmin(replayPath(sessionId, spans[0] ?? ""), { model: "no-such-model" });
    expect(unknownModel.status).toBeGreaterThanOrEqual(400);
    expect(unknownModel.status).toBeLessThan(500);
    expect(unknownModel.body).toMatchObject({ error: { message: expect.stringContaining("no-such-model") } });
  });
});
