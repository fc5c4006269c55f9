/**
 * The official `openai` SDK's Chat Completions surface against the gateway:
 * a full tool round trip (tool call → tool result → final answer), served by
 * a Chat upstream (fast path) and by an Anthropic upstream (translated).
 */
import OpenAI from "openai";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { createGatewayFetch, type GatewayFetch } from "./gateway-fetch.ts";
import { expectUpstreamCredentials, mockScriptedUpstreams, type ScriptedUpstreams } from "./mock-scripted-upstreams.ts";
import { ANTHROPIC_PREAMBLE, ANTHROPIC_TOOL_USE_ID, ANTHROPIC_USAGE } from "./scripted-anthropic-upstream.ts";
import { CHAT_TOOL_CALL_ID, CHAT_USAGE } from "./scripted-openai-chat-upstream.ts";
import { activateSdkGatewayConfig, UPSTREAM_MODELS } from "./sdk-gateway-config.ts";
import { FINAL_ANSWER, QUESTION, TOOL_ARGUMENTS, TOOL_RESULT, WEATHER_TOOL } from "./sdk-scenario.ts";

const tools: ChatCompletionTool[] = [{ type: "function", function: WEATHER_TOOL }];
const question: ChatCompletionMessageParam = { role: "user", content: QUESTION };

/** Chat usage as the client must see it: prompt_tokens includes cached tokens. */
function chatUsage(prompt: number, cached: number, completion: number) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: expect.objectContaining({ cached_tokens: cached }),
  };
}
const anthropicTotal = (usage: (typeof ANTHROPIC_USAGE)["toolTurn" | "finalTurn"]) =>
  usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens;

const routes = [
  {
    model: "same",
    upstream: "openai-chat",
    translation: "none",
    upstreamPath: "/v1/chat/completions",
    callId: CHAT_TOOL_CALL_ID,
    preamble: null,
    usage: {
      toolTurn: chatUsage(CHAT_USAGE.toolTurn.prompt_tokens, CHAT_USAGE.toolTurn.cached_tokens, 71),
      finalTurn: chatUsage(CHAT_USAGE.finalTurn.prompt_tokens, CHAT_USAGE.finalTurn.cached_tokens, 38),
    },
  },
  {
    model: "cross",
    upstream: "anthropic-messages",
    translation: "openai-chat->anthropic-messages",
    upstreamPath: "/v1/messages",
    callId: ANTHROPIC_TOOL_USE_ID,
    preamble: ANTHROPIC_PREAMBLE,
    usage: {
      // Anthropic's input_tokens excludes cache reads and writes; Chat's prompt_tokens includes them.
      toolTurn: chatUsage(anthropicTotal(ANTHROPIC_USAGE.toolTurn), 2048, 64),
      finalTurn: chatUsage(anthropicTotal(ANTHROPIC_USAGE.finalTurn), 2560, 41),
    },
  },
] as const;
type Route = (typeof routes)[number];

let gateway: GatewayFetch;
let client: OpenAI;
let upstreams: ScriptedUpstreams;

beforeAll(async () => {
  await activateSdkGatewayConfig({ same: "openai-chat", cross: "anthropic-messages" });
});
beforeEach(() => {
  gateway = createGatewayFetch();
  client = new OpenAI({
    apiKey: TEST_MASTER_KEY,
    baseURL: "https://gateway.test/v1",
    fetch: gateway.fetch,
    maxRetries: 0,
  });
  upstreams = mockScriptedUpstreams();
});
afterEach(async () => {
  await gateway.settle();
  upstreams.restore();
});

/** What the upstream must have received on the second turn: the tool result under the call's own id. */
function expectSecondTurnCarriedToolResult(route: Route) {
  expect(upstreams.paths()).toEqual([route.upstreamPath, route.upstreamPath]);
  const second = upstreams.bodies()[1];
  if (route.model === "same") {
    expect(second).toMatchObject({
      model: UPSTREAM_MODELS["openai-chat"],
      messages: [
        { role: "user", content: QUESTION },
        {
          role: "assistant",
          tool_calls: [{ id: CHAT_TOOL_CALL_ID, type: "function", function: { name: "get_weather" } }],
        },
        { role: "tool", tool_call_id: CHAT_TOOL_CALL_ID, content: TOOL_RESULT },
      ],
    });
    return;
  }
  const messages = (second as { messages: Array<{ role: string; content: unknown }> }).messages;
  expect(second).toMatchObject({ model: UPSTREAM_MODELS["anthropic-messages"] });
  expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
  expect(messages[1]?.content).toContainEqual({
    type: "tool_use",
    id: ANTHROPIC_TOOL_USE_ID,
    name: "get_weather",
    input: TOOL_ARGUMENTS,
  });
  expect(messages[2]?.content).toEqual([
    expect.objectContaining({ type: "tool_result", tool_use_id: ANTHROPIC_TOOL_USE_ID, content: TOOL_RESULT }),
  ]);
}

/** The first answer must be exactly one get_weather call with the upstream's call id; returns the message to send back. */
function expectWeatherToolCall(completion: OpenAI.ChatCompletion, route: Route): OpenAI.ChatCompletionMessage {
  const choice = completion.choices[0];
  if (choice === undefined) throw new Error("the completion has no choice");
  expect(choice.finish_reason).toBe("tool_calls");
  expect(choice.message.tool_calls).toHaveLength(1);
  const call = choice.message.tool_calls?.[0];
  if (call?.type !== "function") throw new Error(`expected a function tool call, got ${JSON.stringify(call)}`);
  expect(call.id).toBe(route.callId);
  expect(call.function.name).toBe("get_weather");
  expect(JSON.parse(call.function.arguments)).toEqual(TOOL_ARGUMENTS);
  return choice.message;
}

function expectSpendMatchesUsage(route: Route) {
  expect(gateway.spendRecords.map((record) => [record.modelGroup, record.inputTokens, record.outputTokens])).toEqual([
    [route.model, route.usage.toolTurn.prompt_tokens, route.usage.toolTurn.completion_tokens],
    [route.model, route.usage.finalTurn.prompt_tokens, route.usage.finalTurn.completion_tokens],
  ]);
}

describe.each(routes)("openai SDK chat.completions → $model upstream ($translation)", (route) => {
  it("create(): tool call, then the tool result, then a final answer quoting it", async () => {
    const first = await client.chat.completions.create({ model: route.model, messages: [question], tools });
    expect(gateway.responseHeaders[0]?.get("x-switchyard-translation")).toBe(route.translation);
    const assistant = expectWeatherToolCall(first, route);
    expect(assistant.content).toBe(route.preamble);
    expect(first.usage).toMatchObject(route.usage.toolTurn);

    // The assistant message goes back exactly as the SDK returned it, as the OpenAI docs show.
    const final = await client.chat.completions.create({
      model: route.model,
      messages: [question, assistant, { role: "tool", tool_call_id: route.callId, content: TOOL_RESULT }],
      tools,
    });
    expect(final.choices[0]?.finish_reason).toBe("stop");
    expect(final.choices[0]?.message.content).toBe(FINAL_ANSWER);
    expect(final.choices[0]?.message.tool_calls ?? []).toEqual([]);
    expect(final.usage).toMatchObject(route.usage.finalTurn);
    expectSecondTurnCarriedToolResult(route);
    expectUpstreamCredentials(upstreams, route.upstream);
    await gateway.settle();
    expectSpendMatchesUsage(route);
  });

  it("create({ stream: true }): chunks reassemble into the tool call, then the final answer", async () => {
    const collect = async (messages: ChatCompletionMessageParam[]) => {
      const stream = await client.chat.completions.create({
        model: route.model,
        messages,
        tools,
        stream: true,
        stream_options: { include_usage: true },
      });
      const calls = new Map<number, { id: string; name: string; arguments: string }>();
      const finishReasons: string[] = [];
      const roles: string[] = [];
      let text = "";
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        if (chunk.usage) usage = chunk.usage;
        for (const choice of chunk.choices) {
          if (choice.delta.role) roles.push(choice.delta.role);
          if (choice.finish_reason) finishReasons.push(choice.finish_reason);
          text += choice.delta.content ?? "";
          for (const delta of choice.delta.tool_calls ?? []) {
            const call = calls.get(delta.index) ?? { id: "", name: "", arguments: "" };
            call.id += delta.id ?? "";
            call.name += delta.function?.name ?? "";
            call.arguments += delta.function?.arguments ?? "";
            calls.set(delta.index, call);
          }
        }
      }
      return { calls: [...calls.values()], finishReasons, roles, text, usage };
    };

    const first = await collect([question]);
    expect(first.roles).toEqual(["assistant"]);
    expect(first.finishReasons).toEqual(["tool_calls"]);
    expect(first.text).toBe(route.preamble ?? "");
    expect(first.calls.map((call) => ({ ...call, arguments: JSON.parse(call.arguments) }))).toEqual([
      { id: route.callId, name: "get_weather", arguments: TOOL_ARGUMENTS },
    ]);
    expect(first.usage).toMatchObject(route.usage.toolTurn);

    const final = await collect([
      question,
      {
        role: "assistant",
        content: first.text === "" ? null : first.text,
        tool_calls: first.calls.map((call) => ({
          id: call.id,
          type: "function",
          function: { name: call.name, arguments: call.arguments },
        })),
      },
      { role: "tool", tool_call_id: route.callId, content: TOOL_RESULT },
    ]);
    expect(final.finishReasons).toEqual(["stop"]);
    expect(final.text).toBe(FINAL_ANSWER);
    expect(final.calls).toEqual([]);
    expect(final.usage).toMatchObject(route.usage.finalTurn);
    expectSecondTurnCarriedToolResult(route);
    await gateway.settle();
    expectSpendMatchesUsage(route);
  });

  it("chat.completions.stream() + finalChatCompletion(): the helper accepts the stream and assembles it", async () => {
    const first = await client.chat.completions
      .stream({ model: route.model, messages: [question], tools, stream_options: { include_usage: true } })
      .finalChatCompletion();
    const assistant = expectWeatherToolCall(first, route);
    expect(assistant.role).toBe("assistant");
    expect(first.usage).toMatchObject(route.usage.toolTurn);

    const stream = client.chat.completions.stream({
      model: route.model,
      messages: [question, assistant, { role: "tool", tool_call_id: route.callId, content: TOOL_RESULT }],
      tools,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    stream.on("content.delta", ({ delta }) => deltas.push(delta));
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.finish_reason).toBe("stop");
    expect(final.choices[0]?.message.content).toBe(FINAL_ANSWER);
    expect(deltas.join("")).toBe(FINAL_ANSWER);
    expect(await stream.finalContent()).toBe(FINAL_ANSWER);
    expect(final.usage).toMatchObject(route.usage.finalTurn);
    expectSecondTurnCarriedToolResult(route);
  });

  it("a stream without stream_options.include_usage gets no usage chunk (the gateway asked for it, not the client)", async () => {
    // https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options: the usage-only
    // chunk (empty `choices`) is sent only when include_usage is true; naive clients index choices[0].
    const stream = await client.chat.completions.create({
      model: route.model,
      messages: [question],
      tools,
      stream: true,
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.filter((chunk) => chunk.choices.length === 0 || chunk.usage != null)).toEqual([]);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
    await gateway.settle();
    // The gateway still meters the call: it asked the upstream for usage on its own behalf.
    expect(gateway.spendRecords.map((record) => record.outputTokens)).toEqual([route.usage.toolTurn.completion_tokens]);
  });
});
