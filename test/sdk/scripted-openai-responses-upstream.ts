import { z } from "zod";
import { encodeSse, jsonResponse, sseResponse, type WireSseEvent } from "./scripted-sse.ts";
import { finalAnswerQuoting, NO_TOOL_RESULT_SEEN, TOOL_ARGUMENTS, WEATHER_TOOL } from "./sdk-scenario.ts";

/**
 * An OpenAI Responses upstream (https://platform.openai.com/docs/api-reference/responses,
 * streaming events: https://platform.openai.com/docs/api-reference/responses-streaming) that
 * plays the weather conversation: no `function_call_output` item in `input` → a function_call
 * output item; one → a message whose output_text quotes it.
 */

export const RESPONSES_CALL_ID = "call_R4nW8xK2pL6vT9mQ3sY7bJ1d";
const RESPONSES_CALL_ITEM_ID = "fc_0d5f9b2a7c4e1f3b00692181a4c6e88190b7d2f4a9c1e3b5d7";
const MESSAGE_ITEM_ID = "msg_0d5f9b2a7c4e1f3b00692181b2e4a08193c5f7d9b1e3a5c7e9";
const RESPONSE_IDS = {
  toolTurn: "resp_0d5f9b2a7c4e1f3b00692181a3b5d78190e2c4f6a8b0d2e4f6",
  finalTurn: "resp_0d5f9b2a7c4e1f3b00692181b1d3f58196a0c2e4b6d8f0a2c4",
};
const CREATED_AT = 1763893633;

/** Usage per turn as Responses reports it: input_tokens includes the cached ones. */
export const RESPONSES_USAGE = {
  toolTurn: { input_tokens: 1832, cached_tokens: 1536, output_tokens: 94, reasoning_tokens: 64 },
  finalTurn: { input_tokens: 1951, cached_tokens: 1792, output_tokens: 37, reasoning_tokens: 0 },
} as const;

const outputItem = z.looseObject({
  type: z.literal("function_call_output"),
  call_id: z.string(),
  output: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]),
});
const requestBody = z.looseObject({
  model: z.string(),
  stream: z.boolean().nullish(),
  input: z.union([z.string(), z.array(z.unknown())]),
});

type ResponsesFunctionCallOutput = z.infer<typeof outputItem>;

function findFunctionCallOutput(body: string): ResponsesFunctionCallOutput | undefined {
  const { input } = requestBody.parse(JSON.parse(body));
  if (typeof input === "string") return undefined;
  for (const item of input) {
    const parsed = outputItem.safeParse(item);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

function outputText(item: ResponsesFunctionCallOutput): string {
  if (typeof item.output === "string") return item.output;
  return item.output.map((part) => part.text ?? "").join("");
}

type Turn = keyof typeof RESPONSE_IDS;

function usageOf(turn: Turn) {
  const { input_tokens, cached_tokens, output_tokens, reasoning_tokens } = RESPONSES_USAGE[turn];
  return {
    input_tokens,
    input_tokens_details: { cached_tokens },
    output_tokens,
    output_tokens_details: { reasoning_tokens },
    total_tokens: input_tokens + output_tokens,
  };
}

/** The `response` object, in the shape of both the JSON answer and the lifecycle events. */
function responseObject(turn: Turn, model: string, status: string, output: unknown[], withUsage: boolean) {
  return {
    id: RESPONSE_IDS[turn],
    object: "response",
    created_at: CREATED_AT,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: "medium", summary: null },
    service_tier: "default",
    store: false,
    temperature: 1.0,
    text: { format: { type: "text" }, verbosity: "medium" },
    tool_choice: "auto",
    tools: [{ type: "function", ...WEATHER_TOOL, strict: true }],
    top_p: 1.0,
    truncation: "disabled",
    usage: withUsage ? usageOf(turn) : null,
    user: null,
    metadata: {},
  };
}

function functionCallItem(status: "in_progress" | "completed", args: string) {
  return {
    id: RESPONSES_CALL_ITEM_ID,
    type: "function_call",
    status,
    arguments: args,
    call_id: RESPONSES_CALL_ID,
    name: WEATHER_TOOL.name,
  };
}

function messageItem(status: "in_progress" | "completed", text: string | undefined) {
  const content = text === undefined ? [] : [{ type: "output_text", annotations: [], logprobs: [], text }];
  return { id: MESSAGE_ITEM_ID, type: "message", status, content, role: "assistant" };
}

/** Numbers the events (`sequence_number`) and names them after their `type`, as the API does. */
function sequenced(events: Array<Record<string, unknown> & { type: string }>): WireSseEvent[] {
  return events.map((data, sequence_number) => ({ event: data.type, data: { ...data, sequence_number } }));
}

/** created + in_progress, then the message item opened with the given text deltas. */
function responsesStreamPrefix(turn: Turn, model: string, texts: string[]) {
  const part = { type: "output_text", annotations: [], logprobs: [], text: "" };
  const where = { item_id: MESSAGE_ITEM_ID, output_index: 0, content_index: 0 };
  return [
    { type: "response.created", response: responseObject(turn, model, "in_progress", [], false) },
    { type: "response.in_progress", response: responseObject(turn, model, "in_progress", [], false) },
    { type: "response.output_item.added", output_index: 0, item: messageItem("in_progress", undefined) },
    { type: "response.content_part.added", ...where, part },
    ...texts.map((delta) => ({
      type: "response.output_text.delta",
      ...where,
      delta,
      logprobs: [],
      obfuscation: "Hw2",
    })),
  ];
}

function encodeResponsesEvents(events: Array<Record<string, unknown> & { type: string }>): string {
  return encodeSse(sequenced(events));
}

function streamEvents(model: string, answer: string | undefined) {
  if (answer === undefined) {
    const args = JSON.stringify(TOOL_ARGUMENTS);
    const where = { item_id: RESPONSES_CALL_ITEM_ID, output_index: 0 };
    const done = functionCallItem("completed", args);
    return [
      { type: "response.created", response: responseObject("toolTurn", model, "in_progress", [], false) },
      { type: "response.in_progress", response: responseObject("toolTurn", model, "in_progress", [], false) },
      { type: "response.output_item.added", output_index: 0, item: functionCallItem("in_progress", "") },
      ...[args.slice(0, 8), args.slice(8, 21), args.slice(21)].map((delta) => ({
        type: "response.function_call_arguments.delta",
        ...where,
        delta,
        obfuscation: "pQ",
      })),
      { type: "response.function_call_arguments.done", ...where, arguments: args },
      { type: "response.output_item.done", output_index: 0, item: done },
      { type: "response.completed", response: responseObject("toolTurn", model, "completed", [done], true) },
    ];
  }
  const where = { item_id: MESSAGE_ITEM_ID, output_index: 0, content_index: 0 };
  const part = { type: "output_text", annotations: [], logprobs: [], text: answer };
  const done = messageItem("completed", answer);
  return [
    ...responsesStreamPrefix("finalTurn", model, [answer.slice(0, 16), answer.slice(16)]),
    { type: "response.output_text.done", ...where, text: answer, logprobs: [] },
    { type: "response.content_part.done", ...where, part },
    { type: "response.output_item.done", output_index: 0, item: done },
    { type: "response.completed", response: responseObject("finalTurn", model, "completed", [done], true) },
  ];
}

/** The mock handler for mockUpstreams: answers in the exact wire shape, streamed or not. */
export function scriptedOpenAiResponsesUpstream(_request: Request, body: string): Response {
  const parsed = requestBody.parse(JSON.parse(body));
  const output = findFunctionCallOutput(body);
  const answer = output === undefined ? undefined : finalAnswerQuoting(outputText(output) || NO_TOOL_RESULT_SEEN);
  if (parsed.stream === true) return sseResponse(encodeResponsesEvents(streamEvents(parsed.model, answer)));
  if (answer === undefined) {
    const item = functionCallItem("completed", JSON.stringify(TOOL_ARGUMENTS));
    return jsonResponse(responseObject("toolTurn", parsed.model, "completed", [item], true));
  }
  return jsonResponse(responseObject("finalTurn", parsed.model, "completed", [messageItem("completed", answer)], true));
}
