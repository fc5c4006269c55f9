/**
 * The official `@anthropic-ai/sdk` Messages surface against the gateway: a
 * full tool round trip (tool_use → tool_result → final text), served by an
 * Anthropic upstream (fast path) and by an OpenAI Chat upstream (translated).
 */
import Anthropic from "@anthropic-ai/sdk";
import type {
  Message,
  MessageDeltaUsage,
  MessageParam,
  RawMessageStreamEvent,
  Tool,
  ToolUseBlock,
  Usage,
} from "@anthropic-ai/sdk/resources/messages";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { createGatewayFetch, type GatewayFetch } from "./gateway-fetch.ts";
import { expectUpstreamCredentials, mockScriptedUpstreams, type ScriptedUpstreams } from "./mock-scripted-upstreams.ts";
import { ANTHROPIC_PREAMBLE, ANTHROPIC_TOOL_USE_ID, ANTHROPIC_USAGE } from "./scripted-anthropic-upstream.ts";
import { CHAT_TOOL_CALL_ID, CHAT_USAGE } from "./scripted-openai-chat-upstream.ts";
import { activateSdkGatewayConfig, UPSTREAM_MODELS } from "./sdk-gateway-config.ts";
import { FINAL_ANSWER, QUESTION, TOOL_ARGUMENTS, TOOL_RESULT, WEATHER_TOOL } from "./sdk-scenario.ts";

const tools: Tool[] = [
  { name: WEATHER_TOOL.name, description: WEATHER_TOOL.description, input_schema: WEATHER_TOOL.parameters },
];
const question: MessageParam = { role: "user", content: QUESTION };

/** Anthropic usage as the client must see it: input_tokens excludes cache reads and writes. */
function anthropicUsage(input: number, cacheRead: number, cacheWrite: number, output: number) {
  return {
    input_tokens: input,
    cache_read_input_tokens: cacheRead,
    cache_creation_input_tokens: cacheWrite,
    output_tokens: output,
  };
}
const chatUncached = (usage: (typeof CHAT_USAGE)["toolTurn" | "finalTurn"]) =>
  usage.prompt_tokens - usage.cached_tokens;

const routes = [
  {
    model: "same",
    upstream: "anthropic-messages",
    translation: "none",
    upstreamPath: "/v1/messages",
    callId: ANTHROPIC_TOOL_USE_ID,
    preamble: [{ type: "text", text: ANTHROPIC_PREAMBLE }],
    usage: {
      toolTurn: anthropicUsage(412, 2048, 128, ANTHROPIC_USAGE.toolTurn.output_tokens),
      finalTurn: anthropicUsage(96, 2560, 0, ANTHROPIC_USAGE.finalTurn.output_tokens),
    },
    spend: { toolTurn: [412 + 2048 + 128, 64], finalTurn: [96 + 2560, 41] },
  },
  {
    model: "cross",
    upstream: "openai-chat",
    translation: "anthropic-messages->openai-chat",
    upstreamPath: "/v1/chat/completions",
    callId: CHAT_TOOL_CALL_ID,
    preamble: [],
    usage: {
      // Chat's prompt_tokens includes cached tokens; Anthropic's input_tokens does not.
      toolTurn: anthropicUsage(chatUncached(CHAT_USAGE.toolTurn), 1664, 0, 71),
      finalTurn: anthropicUsage(chatUncached(CHAT_USAGE.finalTurn), 1792, 0, 38),
    },
    spend: { toolTurn: [1893, 71], finalTurn: [2004, 38] },
  },
] as const;
type Route = (typeof routes)[number];

let gateway: GatewayFetch;
let client: Anthropic;
let upstreams: ScriptedUpstreams;

beforeAll(async () => {
  await activateSdkGatewayConfig({ same: "anthropic-messages", cross: "openai-chat" });
});
beforeEach(() => {
  gateway = createGatewayFetch();
  client = new Anthropic({
    apiKey: TEST_MASTER_KEY,
    baseURL: "https://gateway.test",
    fetch: gateway.fetch,
    maxRetries: 0,
  });
  upstreams = mockScriptedUpstreams();
});
afterEach(async () => {
  await gateway.settle();
  upstreams.restore();
});

/** The first answer: (the preamble, then) exactly one get_weather tool_use with the upstream's id. */
function expectWeatherToolUse(message: Message, route: Route): ToolUseBlock {
  expect(message.role).toBe("assistant");
  expect(message.stop_reason).toBe("tool_use");
  expect(message.content.filter((block) => block.type !== "tool_use")).toEqual(
    route.preamble.map((block) => expect.objectContaining(block)),
  );
  const toolUses = message.content.filter((block) => block.type === "tool_use");
  expect(toolUses).toEqual([{ type: "tool_use", id: route.callId, name: "get_weather", input: TOOL_ARGUMENTS }]);
  expect(message.usage).toMatchObject(route.usage.toolTurn);
  const toolUse = toolUses[0];
  if (toolUse === undefined) throw new Error("no tool_use block");
  return toolUse;
}

function expectFinalAnswer(message: Message, route: Route) {
  expect(message.stop_reason).toBe("end_turn");
  expect(message.content).toEqual([expect.objectContaining({ type: "text", text: FINAL_ANSWER })]);
  expect(message.usage).toMatchObject(route.usage.finalTurn);
}

/** The follow-up as the Anthropic docs build it: the assistant content as returned, then the tool_result. */
function followUp(first: Message, toolUse: ToolUseBlock): MessageParam[] {
  return [
    question,
    { role: "assistant", content: first.content },
    { role: "user", content: [{ type: "tool_result", tool_use_id: toolUse.id, content: TOOL_RESULT }] },
  ];
}

function expectSecondTurnCarriedToolResult(route: Route) {
  expect(upstreams.paths()).toEqual([route.upstreamPath, route.upstreamPath]);
  const second = upstreams.bodies()[1];
  if (route.model === "same") {
    const messages = (second as { messages: Array<{ role: string; content: unknown }> }).messages;
    expect(second).toMatchObject({ model: UPSTREAM_MODELS["anthropic-messages"] });
    expect(messages[1]?.content).toContainEqual(
      expect.objectContaining({
        type: "tool_use",
        id: ANTHROPIC_TOOL_USE_ID,
        name: "get_weather",
        input: TOOL_ARGUMENTS,
      }),
    );
    expect(messages[2]).toEqual({
      role: "user",
      content: [{ type: "tool_result", tool_use_id: ANTHROPIC_TOOL_USE_ID, content: TOOL_RESULT }],
    });
    return;
  }
  expect(second).toMatchObject({
    model: UPSTREAM_MODELS["openai-chat"],
    messages: [
      { role: "user", content: QUESTION },
      {
        role: "assistant",
        tool_calls: [
          {
            id: CHAT_TOOL_CALL_ID,
            type: "function",
            function: { name: "get_weather", arguments: JSON.stringify(TOOL_ARGUMENTS) },
          },
        ],
      },
      { role: "tool", tool_call_id: CHAT_TOOL_CALL_ID, content: TOOL_RESULT },
    ],
  });
}

/** message_delta's usage counters are cumulative and win when present, as in the SDK's accumulator. */
function mergedUsage(start: Usage, delta: MessageDeltaUsage): Usage {
  return {
    ...start,
    input_tokens: delta.input_tokens ?? start.input_tokens,
    cache_read_input_tokens: delta.cache_read_input_tokens ?? start.cache_read_input_tokens,
    cache_creation_input_tokens: delta.cache_creation_input_tokens ?? start.cache_creation_input_tokens,
    output_tokens: delta.output_tokens,
  };
}

function inputSideOf({ output_tokens: _, ...inputSide }: ReturnType<typeof anthropicUsage>) {
  return inputSide;
}

/** The grammar every Messages stream must follow, and the message it reassembles into. */
function reassemble(events: RawMessageStreamEvent[]) {
  const types = events.map((event) => event.type);
  expect(types[0]).toBe("message_start");
  expect(types.slice(-2)).toEqual(["message_delta", "message_stop"]);
  const starts = events.flatMap((event) => (event.type === "content_block_start" ? [event.index] : []));
  const stops = events.flatMap((event) => (event.type === "content_block_stop" ? [event.index] : []));
  expect(stops).toEqual(starts);
  expect(starts).toEqual(starts.map((_, index) => index));
  const blocks = events.flatMap((event) => (event.type === "content_block_start" ? [{ ...event.content_block }] : []));
  const json = new Map<number, string>();
  for (const event of events) {
    if (event.type !== "content_block_delta") continue;
    const block = blocks[event.index];
    if (event.delta.type === "text_delta" && block?.type === "text") block.text += event.delta.text;
    if (event.delta.type === "input_json_delta")
      json.set(event.index, (json.get(event.index) ?? "") + event.delta.partial_json);
  }
  for (const [index, partial] of json) {
    const block = blocks[index];
    if (block?.type === "tool_use") block.input = JSON.parse(partial);
  }
  const start = events[0];
  const delta = events.at(-2);
  if (start?.type !== "message_start" || delta?.type !== "message_delta") throw new Error("bad stream ends");
  return { start: start.message, delta, blocks };
}

describe.each(routes)("@anthropic-ai/sdk messages → $model upstream ($translation)", (route) => {
  it("create(): tool_use, then tool_result, then a final text quoting it", async () => {
    const first = await client.messages.create({ model: route.model, max_tokens: 1024, messages: [question], tools });
    expect(gateway.responseHeaders[0]?.get("x-switchyard-translation")).toBe(route.translation);
    const toolUse = expectWeatherToolUse(first, route);
    const final = await client.messages.create({
      model: route.model,
      max_tokens: 1024,
      messages: followUp(first, toolUse),
      tools,
    });
    expectFinalAnswer(final, route);
    expectSecondTurnCarriedToolResult(route);
    expectUpstreamCredentials(upstreams, route.upstream);
    if (route.model === "same") {
      // The SDK pins its own API version; an Anthropic upstream must get that one, not a downgrade.
      const sdkVersion = gateway.requestHeaders[0]?.get("anthropic-version");
      expect(sdkVersion).toEqual(expect.any(String));
      expect(upstreams.headers().map((headers) => headers.get("anthropic-version"))).toEqual([sdkVersion, sdkVersion]);
    }
    await gateway.settle();
    expect(gateway.spendRecords.map((record) => [record.inputTokens, record.outputTokens])).toEqual([
      route.spend.toolTurn,
      route.spend.finalTurn,
    ]);
  });

  it("create({ stream: true }): raw events follow the grammar, carry usage and reassemble the turn", async () => {
    const collect = async (messages: MessageParam[]) => {
      const events: RawMessageStreamEvent[] = [];
      const stream = await client.messages.create({
        model: route.model,
        max_tokens: 1024,
        messages,
        tools,
        stream: true,
      });
      for await (const event of stream) events.push(event);
      return reassemble(events);
    };

    const first = await collect([question]);
    expect(first.delta.delta.stop_reason).toBe("tool_use");
    // Input-side usage arrives in message_start. A Chat upstream reports usage only at the end of its
    // stream, so translated streams can only give the whole usage in message_delta.
    const usage = mergedUsage(first.start.usage, first.delta.usage);
    expect(usage).toMatchObject(route.usage.toolTurn);
    if (route.model === "same") expect(first.start.usage).toMatchObject(inputSideOf(route.usage.toolTurn));
    const message: Message = { ...first.start, content: first.blocks, stop_reason: "tool_use", usage };
    const toolUse = expectWeatherToolUse(message, route);

    const final = await collect(followUp(message, toolUse));
    expect(final.delta.delta.stop_reason).toBe("end_turn");
    expect(final.blocks).toEqual([expect.objectContaining({ type: "text", text: FINAL_ANSWER })]);
    expect(mergedUsage(final.start.usage, final.delta.usage)).toMatchObject(route.usage.finalTurn);
    expectSecondTurnCarriedToolResult(route);
  });

  it("messages.stream() + finalMessage(): the helper accepts the stream (usage, message_stop) and assembles it", async () => {
    const jsonSnapshots: unknown[] = [];
    const firstStream = client.messages.stream({ model: route.model, max_tokens: 1024, messages: [question], tools });
    firstStream.on("inputJson", (_partial, snapshot) => jsonSnapshots.push(snapshot));
    const first = await firstStream.finalMessage();
    const toolUse = expectWeatherToolUse(first, route);
    expect(jsonSnapshots.at(-1)).toEqual(TOOL_ARGUMENTS);

    const texts: string[] = [];
    const finalStream = client.messages.stream({
      model: route.model,
      max_tokens: 1024,
      messages: followUp(first, toolUse),
      tools,
    });
    finalStream.on("text", (text) => texts.push(text));
    const final = await finalStream.finalMessage();
    expectFinalAnswer(final, route);
    expect(texts.join("")).toBe(FINAL_ANSWER);
    expect(await finalStream.finalText()).toBe(FINAL_ANSWER);
    expectSecondTurnCarriedToolResult(route);
  });
});
