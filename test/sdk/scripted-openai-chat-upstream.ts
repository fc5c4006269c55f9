import { z } from "zod";
import { encodeSse, jsonResponse, sseResponse, type WireSseEvent } from "./scripted-sse.ts";
import { finalAnswerQuoting, NO_TOOL_RESULT_SEEN, TOOL_ARGUMENTS, WEATHER_TOOL } from "./sdk-scenario.ts";

/**
 * An OpenAI Chat Completions upstream (https://platform.openai.com/docs/api-reference/chat,
 * chunk object: https://platform.openai.com/docs/api-reference/chat-streaming) that plays the
 * weather conversation: no `role: "tool"` message → a tool call; a tool message → a final text
 * quoting it. Streams end with the usage-only chunk (when asked) and `data: [DONE]`.
 */

export const CHAT_TOOL_CALL_ID = "call_7Qm2vX9kLp4rT8sW1nB6yHd3";
const COMPLETION_IDS = {
  toolTurn: "chatcmpl-CUa81kLq2mV7nX4pR9sT3wYb6",
  finalTurn: "chatcmpl-CUa83pZt6bN1qW8xK5mD2rJf4",
};
const CREATED = 1763890411;
const FINGERPRINT = "fp_95d8a4bc5b";

/** Usage per turn as Chat reports it: prompt_tokens includes the cached ones. */
export const CHAT_USAGE = {
  toolTurn: { prompt_tokens: 1893, cached_tokens: 1664, completion_tokens: 71 },
  finalTurn: { prompt_tokens: 2004, cached_tokens: 1792, completion_tokens: 38 },
} as const;

const toolMessage = z.looseObject({
  role: z.literal("tool"),
  tool_call_id: z.string(),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]),
});
const requestBody = z.looseObject({
  model: z.string(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  messages: z.array(z.looseObject({ role: z.string() })),
});

type ChatToolMessage = z.infer<typeof toolMessage>;

/** The `role: "tool"` message of the request, if any. */
function findChatToolMessage(body: string): ChatToolMessage | undefined {
  for (const message of requestBody.parse(JSON.parse(body)).messages) {
    const parsed = toolMessage.safeParse(message);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

function toolMessageText(message: ChatToolMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content.map((part) => part.text ?? "").join("");
}

function usageOf(turn: keyof typeof CHAT_USAGE) {
  const { prompt_tokens, cached_tokens, completion_tokens } = CHAT_USAGE[turn];
  return {
    prompt_tokens,
    completion_tokens,
    total_tokens: prompt_tokens + completion_tokens,
    prompt_tokens_details: { cached_tokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

const TOOL_CALL = {
  id: CHAT_TOOL_CALL_ID,
  type: "function",
  function: { name: WEATHER_TOOL.name, arguments: JSON.stringify(TOOL_ARGUMENTS) },
} as const;

/** One `chat.completion.chunk` with a single choice delta. */
function chatChunk(
  turn: keyof typeof COMPLETION_IDS,
  model: string,
  delta: object,
  finishReason: string | null = null,
): WireSseEvent {
  return {
    data: {
      id: COMPLETION_IDS[turn],
      object: "chat.completion.chunk",
      created: CREATED,
      model,
      service_tier: "default",
      system_fingerprint: FINGERPRINT,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      usage: null,
    },
  };
}

function streamEvents(
  turn: keyof typeof COMPLETION_IDS,
  model: string,
  answer: string | undefined,
  withUsage: boolean,
) {
  const json = TOOL_CALL.function.arguments;
  const body: WireSseEvent[] =
    answer === undefined
      ? [
          chatChunk(turn, model, { role: "assistant", content: null, refusal: null }),
          chatChunk(turn, model, {
            tool_calls: [
              {
                index: 0,
                id: CHAT_TOOL_CALL_ID,
                type: "function",
                function: { name: TOOL_CALL.function.name, arguments: "" },
              },
            ],
          }),
          ...[json.slice(0, 5), json.slice(5, 18), json.slice(18)].map((part) =>
            chatChunk(turn, model, { tool_calls: [{ index: 0, function: { arguments: part } }] }),
          ),
          chatChunk(turn, model, {}, "tool_calls"),
        ]
      : [
          chatChunk(turn, model, { role: "assistant", content: "", refusal: null }),
          chatChunk(turn, model, { content: answer.slice(0, 20) }),
          chatChunk(turn, model, { content: answer.slice(20) }),
          chatChunk(turn, model, {}, "stop"),
        ];
  if (withUsage) {
    // https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options: one last chunk, empty choices.
    const base = chatChunk(turn, model, {}).data as object;
    body.push({ data: { ...base, choices: [], usage: usageOf(turn) } });
  }
  body.push({ data: "[DONE]" });
  return body;
}

/** The mock handler for mockUpstreams: answers in the exact wire shape, streamed or not. */
export function scriptedOpenAiChatUpstream(_request: Request, body: string): Response {
  const parsed = requestBody.parse(JSON.parse(body));
  const tool = findChatToolMessage(body);
  const answer = tool === undefined ? undefined : finalAnswerQuoting(toolMessageText(tool) || NO_TOOL_RESULT_SEEN);
  const turn = answer === undefined ? "toolTurn" : "finalTurn";
  if (parsed.stream === true) {
    const withUsage = parsed.stream_options?.include_usage === true;
    return sseResponse(encodeSse(streamEvents(turn, parsed.model, answer, withUsage)));
  }
  const message =
    answer === undefined
      ? { role: "assistant", content: null, tool_calls: [TOOL_CALL], refusal: null, annotations: [] }
      : { role: "assistant", content: answer, refusal: null, annotations: [] };
  return jsonResponse({
    id: COMPLETION_IDS[turn],
    object: "chat.completion",
    created: CREATED,
    model: parsed.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: answer === undefined ? "tool_calls" : "stop" }],
    usage: usageOf(turn),
    service_tier: "default",
    system_fingerprint: FINGERPRINT,
  });
}
