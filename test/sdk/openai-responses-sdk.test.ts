/**
 * The official `openai` SDK's Responses surface against the gateway: a full
 * function-call round trip (function_call item → function_call_output →
 * output_text), served by a Responses upstream (fast path) and by an
 * Anthropic upstream (translated).
 */
import OpenAI from "openai";
import type {
  FunctionTool,
  Response as OpenAiResponse,
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseStreamEvent,
} from "openai/resources/responses/responses";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { createGatewayFetch, type GatewayFetch } from "./gateway-fetch.ts";
import { expectUpstreamCredentials, mockScriptedUpstreams, type ScriptedUpstreams } from "./mock-scripted-upstreams.ts";
import { ANTHROPIC_PREAMBLE, ANTHROPIC_TOOL_USE_ID, ANTHROPIC_USAGE } from "./scripted-anthropic-upstream.ts";
import { RESPONSES_CALL_ID, RESPONSES_USAGE } from "./scripted-openai-responses-upstream.ts";
import { activateSdkGatewayConfig, UPSTREAM_MODELS } from "./sdk-gateway-config.ts";
import { FINAL_ANSWER, QUESTION, TOOL_ARGUMENTS, TOOL_RESULT, WEATHER_TOOL } from "./sdk-scenario.ts";

const tools: FunctionTool[] = [{ type: "function", ...WEATHER_TOOL, strict: true }];
const question: ResponseInputItem = { role: "user", content: QUESTION };

/** Responses usage as the client must see it: input_tokens includes cached tokens. */
function responsesUsage(input: number, cached: number, output: number) {
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: output,
    total_tokens: input + output,
  };
}
const anthropicTotal = (usage: (typeof ANTHROPIC_USAGE)["toolTurn" | "finalTurn"]) =>
  usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens;

const routes = [
  {
    model: "same",
    upstream: "openai-responses",
    translation: "none",
    upstreamPath: "/v1/responses",
    callId: RESPONSES_CALL_ID,
    preamble: "",
    usage: {
      toolTurn: responsesUsage(1832, RESPONSES_USAGE.toolTurn.cached_tokens, 94),
      finalTurn: responsesUsage(1951, RESPONSES_USAGE.finalTurn.cached_tokens, 37),
    },
  },
  {
    model: "cross",
    upstream: "anthropic-messages",
    translation: "openai-responses->anthropic-messages",
    upstreamPath: "/v1/messages",
    callId: ANTHROPIC_TOOL_USE_ID,
    preamble: ANTHROPIC_PREAMBLE,
    usage: {
      toolTurn: responsesUsage(anthropicTotal(ANTHROPIC_USAGE.toolTurn), 2048, 64),
      finalTurn: responsesUsage(anthropicTotal(ANTHROPIC_USAGE.finalTurn), 2560, 41),
    },
  },
] as const;
type Route = (typeof routes)[number];

let gateway: GatewayFetch;
let client: OpenAI;
let upstreams: ScriptedUpstreams;

beforeAll(async () => {
  await activateSdkGatewayConfig({ same: "openai-responses", cross: "anthropic-messages" });
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

/**
 * The text of the message items, read from the wire fields (`output_text` is
 * an SDK convenience that raw stream events do not carry).
 */
function textOf(response: OpenAiResponse): string {
  return response.output
    .flatMap((item) => (item.type === "message" ? item.content : []))
    .flatMap((part) => (part.type === "output_text" ? [part.text] : []))
    .join("");
}

/** Exactly one get_weather function_call item with the upstream's call id. */
function expectWeatherCall(response: OpenAiResponse, route: Route): ResponseFunctionToolCall {
  const calls = response.output.filter((item) => item.type === "function_call");
  expect(calls).toHaveLength(1);
  const call = calls[0];
  if (call === undefined) throw new Error("no function_call item");
  expect(call).toMatchObject({ type: "function_call", call_id: route.callId, name: "get_weather" });
  expect(JSON.parse(call.arguments)).toEqual(TOOL_ARGUMENTS);
  expect(response.status).toBe("completed");
  expect(textOf(response)).toBe(route.preamble);
  expect(response.usage).toMatchObject(route.usage.toolTurn);
  return call;
}

function expectFinalAnswer(response: OpenAiResponse, route: Route) {
  expect(response.status).toBe("completed");
  expect(textOf(response)).toBe(FINAL_ANSWER);
  expect(response.output.map((item) => item.type)).toEqual(["message"]);
  expect(response.usage).toMatchObject(route.usage.finalTurn);
}

/** The follow-up input as the OpenAI docs build it: the previous output items, then the result. */
function followUp(first: OpenAiResponse, call: ResponseFunctionToolCall): ResponseInputItem[] {
  return [
    question,
    ...(first.output as ResponseInputItem[]),
    { type: "function_call_output", call_id: call.call_id, output: TOOL_RESULT },
  ];
}

function expectSecondTurnCarriedToolResult(route: Route) {
  expect(upstreams.paths()).toEqual([route.upstreamPath, route.upstreamPath]);
  const second = upstreams.bodies()[1];
  if (route.model === "same") {
    expect(second).toMatchObject({ model: UPSTREAM_MODELS["openai-responses"] });
    const input = (second as { input: Array<{ type?: string }> }).input;
    expect(input.filter((item) => item.type === "function_call" || item.type === "function_call_output")).toEqual([
      expect.objectContaining({ type: "function_call", call_id: RESPONSES_CALL_ID, name: "get_weather" }),
      { type: "function_call_output", call_id: RESPONSES_CALL_ID, output: TOOL_RESULT },
    ]);
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

/** The grammar every Responses stream must follow, whatever served it. */
function expectResponsesGrammar(events: ResponseStreamEvent[]) {
  const types = events.map((event) => event.type);
  expect(types[0]).toBe("response.created");
  expect(types.at(-1)).toBe("response.completed");
  expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
  const added = events
    .filter((event) => event.type === "response.output_item.added")
    .map((event) => event.output_index);
  const done = events.filter((event) => event.type === "response.output_item.done").map((event) => event.output_index);
  expect(done).toEqual(added);
  expect(added).toEqual(added.map((_, index) => index));
}

describe.each(routes)("openai SDK responses → $model upstream ($translation)", (route) => {
  it("create(): function_call item, then function_call_output, then output_text quoting it", async () => {
    const first = await client.responses.create({ model: route.model, input: [question], tools });
    expect(gateway.responseHeaders[0]?.get("x-switchyard-translation")).toBe(route.translation);
    const call = expectWeatherCall(first, route);
    expect(first.output_text).toBe(route.preamble);
    const final = await client.responses.create({ model: route.model, input: followUp(first, call), tools });
    expectFinalAnswer(final, route);
    expect(final.output_text).toBe(FINAL_ANSWER);
    expectSecondTurnCarriedToolResult(route);
    expectUpstreamCredentials(upstreams, route.upstream);
    await gateway.settle();
    expect(gateway.spendRecords.map((record) => [record.inputTokens, record.outputTokens])).toEqual([
      [route.usage.toolTurn.input_tokens, route.usage.toolTurn.output_tokens],
      [route.usage.finalTurn.input_tokens, route.usage.finalTurn.output_tokens],
    ]);
  });

  it("create({ stream: true }): the event grammar carries the call, the text and the completed response", async () => {
    const collect = async (input: ResponseInputItem[]) => {
      const events: ResponseStreamEvent[] = [];
      const stream = await client.responses.create({ model: route.model, input, tools, stream: true });
      for await (const event of stream) events.push(event);
      expectResponsesGrammar(events);
      const completed = events.at(-1);
      if (completed?.type !== "response.completed") throw new Error("no response.completed");
      const doneItems = events.flatMap((event) => (event.type === "response.output_item.done" ? [event.item] : []));
      const text = events
        .flatMap((event) => (event.type === "response.output_text.delta" ? [event.delta] : []))
        .join("");
      return { response: completed.response, doneItems, text };
    };

    const first = await collect([question]);
    const doneCall = first.doneItems.find((item) => item.type === "function_call");
    expect(doneCall).toMatchObject({ call_id: route.callId, name: "get_weather", status: "completed" });
    expect(first.text).toBe(route.preamble);
    const call = expectWeatherCall(first.response, route);
    expect(call.arguments).toBe(doneCall?.type === "function_call" ? doneCall.arguments : undefined);

    const final = await collect(followUp(first.response, call));
    expect(final.text).toBe(FINAL_ANSWER);
    expect(final.doneItems).toEqual([
      expect.objectContaining({ type: "message", status: "completed", role: "assistant" }),
    ]);
    expectFinalAnswer(final.response, route);
    expectSecondTurnCarriedToolResult(route);
  });

  it("responses.stream() + finalResponse(): the helper accepts the stream and assembles it", async () => {
    const argumentSnapshots: string[] = [];
    const firstStream = client.responses.stream({ model: route.model, input: [question], tools });
    firstStream.on("response.function_call_arguments.delta", (event) => argumentSnapshots.push(event.snapshot));
    const first = await firstStream.finalResponse();
    const call = expectWeatherCall(first, route);
    expect(argumentSnapshots.at(-1)).toBe(call.arguments);

    const textSnapshots: string[] = [];
    const finalStream = client.responses.stream({ model: route.model, input: followUp(first, call), tools });
    finalStream.on("response.output_text.delta", (event) => textSnapshots.push(event.snapshot));
    const final = await finalStream.finalResponse();
    expectFinalAnswer(final, route);
    expect(final.output_text).toBe(FINAL_ANSWER);
    expect(textSnapshots.at(-1)).toBe(FINAL_ANSWER);
    expectSecondTurnCarriedToolResult(route);
  });
});
