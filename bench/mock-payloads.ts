// What the mock upstreams answer, in the three wire shapes the gateway speaks upstream. Every stream is
// 20 SSE events (plus OpenAI's `[DONE]`), and the first text token is always "Hello", so a client can time
// the first token whatever format the gateway translated it into (see ttft-probe.ts).

export type MockEndpoint = "chat" | "messages" | "responses";

/** The path (after `/v1`) each shape is served on. */
export const MOCK_ENDPOINT_PATHS: Record<MockEndpoint, string> = {
  chat: "/chat/completions",
  messages: "/messages",
  responses: "/responses",
};

export const FIRST_TOKEN = "Hello";
const WORDS = [FIRST_TOKEN, " from", " the", " bench", " mock", ":", " a", " short", " reply", " that", " streams"];
const USAGE = { input: 12, output: 17 };
const CREATED = 1_700_000_000;

/** `count` text deltas that start with the first token. */
function tokens(count: number): string[] {
  return Array.from({ length: count }, (_, index) => WORDS[index % WORDS.length] ?? " word");
}

const sse = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
const namedSse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

function chatJson(): string {
  return JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: CREATED,
    model: "bench-model",
    choices: [{ index: 0, message: { role: "assistant", content: tokens(17).join("") }, finish_reason: "stop" }],
    usage: { prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output },
  });
}

/** Role chunk, 17 content chunks, finish chunk, usage chunk: 20 events, then [DONE]. */
function chatEvents(): string[] {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    sse({
      id: "chatcmpl-bench",
      object: "chat.completion.chunk",
      created: CREATED,
      model: "bench-model",
      choices,
      ...extra,
    });
  return [
    chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]),
    ...tokens(17).map((text) => chunk([{ index: 0, delta: { content: text }, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, finish_reason: "stop" }]),
    chunk([], {
      usage: { prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output },
    }),
    "data: [DONE]\n\n",
  ];
}

function messagesJson(): string {
  return JSON.stringify({
    id: "msg_bench",
    type: "message",
    role: "assistant",
    model: "bench-model",
    content: [{ type: "text", text: tokens(15).join("") }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: USAGE.input, output_tokens: USAGE.output },
  });
}

/** message_start, block start, 15 text deltas, block stop, message_delta, message_stop: 20 events. */
function messagesEvents(): string[] {
  return [
    namedSse("message_start", {
      type: "message_start",
      message: {
        id: "msg_bench",
        type: "message",
        role: "assistant",
        model: "bench-model",
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: USAGE.input, output_tokens: 1 },
      },
    }),
    namedSse("content_block_start", {
      type: "content_block_start",
      index: 0,
      content_block: { type: "text", text: "" },
    }),
    ...tokens(15).map((text) =>
      namedSse("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }),
    ),
    namedSse("content_block_stop", { type: "content_block_stop", index: 0 }),
    namedSse("message_delta", {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: USAGE.output },
    }),
    namedSse("message_stop", { type: "message_stop" }),
  ];
}

function responsesBody(status: "in_progress" | "completed", text: string | undefined) {
  return {
    id: "resp_bench",
    object: "response",
    created_at: CREATED,
    status,
    model: "bench-model",
    output:
      text === undefined
        ? []
        : [
            {
              type: "message",
              id: "msg_bench",
              status: "completed",
              role: "assistant",
              content: [{ type: "output_text", text, annotations: [] }],
            },
          ],
    usage:
      status === "completed"
        ? { input_tokens: USAGE.input, output_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output }
        : null,
  };
}

/** created, in_progress, item added, part added, 12 deltas, text done, part done, item done, completed: 20 events. */
function responsesEvents(): string[] {
  const text = tokens(12).join("");
  const item = { type: "message", id: "msg_bench", status: "in_progress", role: "assistant", content: [] };
  const part = { type: "output_text", text: "", annotations: [] };
  let sequence = 0;
  const event = (type: string, data: Record<string, unknown>) =>
    namedSse(type, { type, sequence_number: sequence++, ...data });
  return [
    event("response.created", { response: responsesBody("in_progress", undefined) }),
    event("response.in_progress", { response: responsesBody("in_progress", undefined) }),
    event("response.output_item.added", { output_index: 0, item }),
    event("response.content_part.added", { item_id: "msg_bench", output_index: 0, content_index: 0, part }),
    ...tokens(12).map((delta) =>
      event("response.output_text.delta", { item_id: "msg_bench", output_index: 0, content_index: 0, delta }),
    ),
    event("response.output_text.done", { item_id: "msg_bench", output_index: 0, content_index: 0, text }),
    event("response.content_part.done", {
      item_id: "msg_bench",
      output_index: 0,
      content_index: 0,
      part: { ...part, text },
    }),
    event("response.output_item.done", {
      output_index: 0,
      item: { ...item, status: "completed", content: [{ ...part, text }] },
    }),
    event("response.completed", { response: responsesBody("completed", text) }),
  ];
}

export function mockJsonBody(endpoint: MockEndpoint): string {
  switch (endpoint) {
    case "chat":
      return chatJson();
    case "messages":
      return messagesJson();
    case "responses":
      return JSON.stringify(responsesBody("completed", tokens(12).join("")));
    default: {
      const unknown: never = endpoint;
      throw new Error(`unknown mock endpoint ${String(unknown)}`);
    }
  }
}

/** The stream as separate SSE events, so a paced mock can space them out. */
export function mockStreamEvents(endpoint: MockEndpoint): string[] {
  switch (endpoint) {
    case "chat":
      return chatEvents();
    case "messages":
      return messagesEvents();
    case "responses":
      return responsesEvents();
    default: {
      const unknown: never = endpoint;
      throw new Error(`unknown mock endpoint ${String(unknown)}`);
    }
  }
}
