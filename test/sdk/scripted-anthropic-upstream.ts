import { z } from "zod";
import { encodeSse, jsonResponse, sseResponse, type WireSseEvent } from "./scripted-sse.ts";
import { finalAnswerQuoting, NO_TOOL_RESULT_SEEN, TOOL_ARGUMENTS, WEATHER_TOOL } from "./sdk-scenario.ts";

/**
 * An Anthropic Messages upstream (https://docs.anthropic.com/en/api/messages,
 * streaming grammar: https://docs.anthropic.com/en/docs/build-with-claude/streaming)
 * that plays the weather conversation: no tool_result in the request → a
 * tool_use turn; a tool_result → a final text quoting it.
 */

export const ANTHROPIC_TOOL_USE_ID = "toolu_01Kq7vX3mN8pR2sT5wY9zB4c";
export const ANTHROPIC_PREAMBLE = "I'll look up the current weather in Paris.";

/** Usage per turn as Anthropic reports it: input_tokens excludes cache reads and writes. */
export const ANTHROPIC_USAGE = {
  toolTurn: { input_tokens: 412, cache_creation_input_tokens: 128, cache_read_input_tokens: 2048, output_tokens: 64 },
  finalTurn: { input_tokens: 96, cache_creation_input_tokens: 0, cache_read_input_tokens: 2560, output_tokens: 41 },
} as const;

const toolResultBlock = z.looseObject({
  type: z.literal("tool_result"),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]).optional(),
});
const requestBody = z.looseObject({
  model: z.string(),
  stream: z.boolean().optional(),
  messages: z.array(z.looseObject({ role: z.string(), content: z.union([z.string(), z.array(z.unknown())]) })),
});

type AnthropicToolResult = z.infer<typeof toolResultBlock>;

/** The tool_result block of the request's last user turn, if any. */
function findAnthropicToolResult(body: string): AnthropicToolResult | undefined {
  const last = requestBody.parse(JSON.parse(body)).messages.at(-1);
  if (last === undefined || typeof last.content === "string") return undefined;
  for (const block of last.content) {
    const parsed = toolResultBlock.safeParse(block);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

function toolResultText(block: AnthropicToolResult): string {
  if (typeof block.content === "string") return block.content;
  return (block.content ?? []).map((part) => part.text ?? "").join("");
}

function usageOf(turn: keyof typeof ANTHROPIC_USAGE) {
  return {
    ...ANTHROPIC_USAGE[turn],
    cache_creation: {
      ephemeral_5m_input_tokens: ANTHROPIC_USAGE[turn].cache_creation_input_tokens,
      ephemeral_1h_input_tokens: 0,
    },
    service_tier: "standard",
  };
}

/** message_start, then a text block opened with the given deltas. */
function anthropicStreamPrefix(
  model: string,
  messageId: string,
  turn: keyof typeof ANTHROPIC_USAGE,
  texts: string[],
): WireSseEvent[] {
  // message_start carries the input side; output_tokens is a running count, final in message_delta.
  const usage = { ...usageOf(turn), output_tokens: 1 };
  return [
    {
      event: "message_start",
      data: {
        type: "message_start",
        message: {
          id: messageId,
          type: "message",
          role: "assistant",
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage,
        },
      },
    },
    {
      event: "content_block_start",
      data: { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    },
    { event: "ping", data: { type: "ping" } },
    ...texts.map((text) => ({
      event: "content_block_delta",
      data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } },
    })),
  ];
}

function toolTurnStream(model: string): WireSseEvent[] {
  const prefix = anthropicStreamPrefix(model, "msg_01RtY6uW3nQ8pL2kV5sX9aZd", "toolTurn", [
    "I'll look up ",
    "the current weather in Paris.",
  ]);
  const json = JSON.stringify(TOOL_ARGUMENTS);
  return [
    ...prefix,
    { event: "content_block_stop", data: { type: "content_block_stop", index: 0 } },
    {
      event: "content_block_start",
      data: {
        type: "content_block_start",
        index: 1,
        content_block: { type: "tool_use", id: ANTHROPIC_TOOL_USE_ID, name: WEATHER_TOOL.name, input: {} },
      },
    },
    ...["", json.slice(0, 9), json.slice(9, 20), json.slice(20)].map((partial_json) => ({
      event: "content_block_delta",
      data: { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json } },
    })),
    { event: "content_block_stop", data: { type: "content_block_stop", index: 1 } },
    {
      event: "message_delta",
      data: {
        type: "message_delta",
        delta: { stop_reason: "tool_use", stop_sequence: null },
        usage: { output_tokens: ANTHROPIC_USAGE.toolTurn.output_tokens },
      },
    },
    { event: "message_stop", data: { type: "message_stop" } },
  ];
}

function finalTurnStream(model: string, answer: string): WireSseEvent[] {
  const cut = Math.floor(answer.length / 2);
  return [
    ...anthropicStreamPrefix(model, "msg_01VbN4mK8sT2wQ6pX9rL3yHc", "finalTurn", [
      answer.slice(0, cut),
      answer.slice(cut),
    ]),
    { event: "content_block_stop", data: { type: "content_block_stop", index: 0 } },
    {
      event: "message_delta",
      data: {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: ANTHROPIC_USAGE.finalTurn.output_tokens },
      },
    },
    { event: "message_stop", data: { type: "message_stop" } },
  ];
}

/** The mock handler for mockUpstreams: answers in the exact wire shape, streamed or not. */
export function scriptedAnthropicUpstream(_request: Request, body: string): Response {
  const parsed = requestBody.parse(JSON.parse(body));
  const toolResult = findAnthropicToolResult(body);
  const answer =
    toolResult === undefined ? undefined : finalAnswerQuoting(toolResultText(toolResult) || NO_TOOL_RESULT_SEEN);
  if (parsed.stream === true) {
    return sseResponse(
      encodeSse(answer === undefined ? toolTurnStream(parsed.model) : finalTurnStream(parsed.model, answer)),
    );
  }
  const message = { type: "message", role: "assistant", model: parsed.model, stop_sequence: null };
  if (answer === undefined) {
    return jsonResponse({
      id: "msg_01RtY6uW3nQ8pL2kV5sX9aZd",
      ...message,
      content: [
        { type: "text", text: ANTHROPIC_PREAMBLE },
        { type: "tool_use", id: ANTHROPIC_TOOL_USE_ID, name: WEATHER_TOOL.name, input: TOOL_ARGUMENTS },
      ],
      stop_reason: "tool_use",
      usage: usageOf("toolTurn"),
    });
  }
  return jsonResponse({
    id: "msg_01VbN4mK8sT2wQ6pX9rL3yHc",
    ...message,
    content: [{ type: "text", text: answer }],
    stop_reason: "end_turn",
    usage: usageOf("finalTurn"),
  });
}
