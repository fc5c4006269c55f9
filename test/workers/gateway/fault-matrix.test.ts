/**
 * Every way an upstream fails, against the routing and streaming guarantees:
 * before the client has a byte, a failure is retried on the next order tier
 * (or falls back), cools the deployment down, and when nothing is left comes
 * back as one error in the caller's format; after the first byte, the stream
 * ends with the caller format's own error closing and the record says why.
 * routing-faults.test.ts covers retry counts, 400s and context-window fallbacks.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GatewayErrorCode } from "../../../workers/core/errors/gateway-error.ts";
import { SseDecoder } from "../../../workers/core/sse/sse-decoder.ts";
import type { SseEvent } from "../../../workers/core/sse/sse-event.ts";
import { routingState } from "../../../workers/gateway/routing-state.ts";
import anthropicStream from "../../fixtures/anthropic-messages/stream-thinking-text-tool-use.sse?raw";
import {
  neverAnswers,
  PRE_FIRST_BYTE_FAULTS,
  resettingBody,
  sseResponse,
  stallingBody,
} from "../../fixtures/faults/upstream-faults.ts";
import chatResponse from "../../fixtures/openai-chat/non-stream-text.json";
import chatStream from "../../fixtures/openai-chat/stream-text.sse?raw";
import anthropicCut from "../../fixtures/sdk/anthropic-cut-after-text.sse?raw";
import chatCut from "../../fixtures/sdk/openai-chat-cut-after-text.sse?raw";
import responsesCut from "../../fixtures/sdk/openai-responses-cut-after-text.sse?raw";
import { activateConfig, TEST_MASTER_KEY } from "../../helpers/activate-config.ts";
import { callGateway } from "../../helpers/call-gateway.ts";
import { mockUpstreams } from "../../helpers/mock-upstream.ts";

// Deadlines are tens of milliseconds so the suite stays fast; `timeout` > `stream_timeout`
// tells the two apart. request_timeout covers the deployments without a `timeout`.
const config = `
model_list:
  - { model_name: chat, litellm_params: { model: hosted_vllm/a, api_base: "https://chat-a.test/v1", order: 1, timeout: 0.1, stream_timeout: 0.05 }, model_info: { id: chat-a } }
  - { model_name: chat, litellm_params: { model: hosted_vllm/b, api_base: "https://chat-b.test/v1", order: 2 }, model_info: { id: chat-b } }
  - { model_name: solo, litellm_params: { model: hosted_vllm/s, api_base: "https://solo.test/v1", timeout: 0.1, stream_timeout: 0.05 }, model_info: { id: solo } }
  - { model_name: claude, litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "https://claude.test", api_key: k, timeout: 0.1 }, model_info: { id: claude } }
  - { model_name: gpt, litellm_params: { model: openai/gpt-5.1-codex, api_base: "https://gpt.test/v1", api_key: k, timeout: 0.1 }, model_info: { id: gpt } }
  - { model_name: rescued, litellm_params: { model: hosted_vllm/r, api_base: "https://rescued.test/v1", stream_timeout: 0.05 }, model_info: { id: rescued } }
  - { model_name: patient, litellm_params: { model: hosted_vllm/p, api_base: "https://patient.test/v1", timeout: 5, stream_timeout: 0.05 }, model_info: { id: patient } }
  - { model_name: unbounded, litellm_params: { model: hosted_vllm/u, api_base: "https://unbounded.test/v1" }, model_info: { id: unbounded } }
router_settings: { allowed_fails: 0, cooldown_time: 60 }
litellm_settings:
  request_timeout: 0.5
  fallbacks: [{ rescued: [claude] }]
general_settings: { master_key: ${TEST_MASTER_KEY} }
`;

let upstream: ReturnType<typeof mockUpstreams> | undefined;
afterEach(() => upstream?.restore());
beforeEach(async () => {
  await activateConfig(config);
  routingState.reset();
});

type Client = "chat" | "anthropic" | "responses";

function request(client: Client, model: string, stream: boolean) {
  const [path, body] =
    client === "chat"
      ? ["/v1/chat/completions", { model, stream, messages: [{ role: "user", content: "hi" }] }]
      : client === "anthropic"
        ? ["/v1/messages", { model, stream, max_tokens: 100, messages: [{ role: "user", content: "hi" }] }]
        : ["/v1/responses", { model, stream, input: "hi" }];
  return callGateway(path, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

const hosts = (requests: Array<{ url: string }>) => requests.map((sent) => new URL(sent.url).host);
const routed = (result: Awaited<ReturnType<typeof request>>) => ({
  status: result.response.status,
  deployment: result.response.headers.get("x-switchyard-deployment"),
  attempts: result.response.headers.get("x-switchyard-attempts"),
});

function sseEvents(text: string): SseEvent[] {
  const decoder = new SseDecoder();
  return [...decoder.push(new TextEncoder().encode(text)), ...decoder.end()];
}
const dataOf = (event: SseEvent | undefined): unknown =>
  event === undefined || event.data === "[DONE]" ? event?.data : JSON.parse(event.data);

/** A GatewayError as each client format renders it (render-error.ts). */
function renderedError(client: Client, code: GatewayErrorCode, message: string) {
  const limited = code === "rate_limited";
  if (client === "anthropic")
    return { type: "error", error: { type: limited ? "rate_limit_error" : "api_error", message } };
  return { error: { message, type: limited ? "rate_limit_exceeded" : "api_error", param: null, code } };
}

/** chat-b's good answer, streamed or not as asked. */
const healthyChat = (_request: Request, body: string) =>
  (JSON.parse(body) as { stream?: boolean }).stream === true ? sseResponse(chatStream) : Response.json(chatResponse);

describe.each(PRE_FIRST_BYTE_FAULTS)("before the first byte: $name", (fault) => {
  it("is answered by the next order tier, and the next request skips the cooled-down deployment", async () => {
    upstream = mockUpstreams({ "https://chat-a.test": fault.answer, "https://chat-b.test": healthyChat });
    const first = await request("chat", "chat", fault.stream);
    expect(routed(first)).toEqual({ status: 200, deployment: "chat-b", attempts: "2" });
    if (fault.stream) {
      const events = sseEvents(first.text);
      expect(events.at(-1)?.data).toBe("[DONE]");
      expect(first.text).toContain('"content":" there!"');
    } else {
      expect(first.json()).toEqual(chatResponse);
    }
    expect(hosts(upstream.requests)).toEqual(["chat-a.test", "chat-b.test"]);
    expect(first.spendRecords).toHaveLength(1);
    expect(first.spendRecords[0]).toMatchObject({ status: 200, deployment: "chat-b", errorKind: null });

    const second = await request("chat", "chat", fault.stream);
    expect(routed(second)).toEqual({ status: 200, deployment: "chat-b", attempts: "1" });
    expect(hosts(upstream.requests.slice(2))).toEqual(["chat-b.test"]);
  });

  it.each<Client>(["chat", "anthropic", "responses"])(
    "with no deployment left, is one error in the %s format, and then cools the deployment down (or not, for 429)",
    async (client) => {
      upstream = mockUpstreams({ "https://solo.test": fault.answer });
      const result = await request(client, "solo", fault.stream);
      expect(result.response.status).toBe(fault.error.status);
      expect(result.json()).toEqual(renderedError(client, fault.error.code, fault.error.message));
      expect(result.response.headers.get("retry-after")).toBe(fault.error.retryAfter);
      expect(hosts(upstream.requests)).toEqual(["solo.test"]);
      expect(result.spendRecords).toHaveLength(1);
      expect(result.spendRecords[0]).toMatchObject({
        status: fault.error.status,
        errorKind: fault.error.code,
        deployment: "solo",
      });

      const next = await request(client, "solo", fault.stream);
      if (fault.coolsDownOnlyDeployment) {
        expect(next.response.status).toBe(429);
        expect(next.json()).toEqual(
          renderedError(
            client,
            "rate_limited",
            "No deployment of model `solo` is available: all are cooling down after failures. Try again in 60 seconds.",
          ),
        );
        expect(next.response.headers.get("retry-after")).toBe("60");
        expect(hosts(upstream.requests)).toEqual(["solo.test"]);
      } else {
        expect(next.response.status).toBe(fault.error.status);
        expect(hosts(upstream.requests)).toEqual(["solo.test", "solo.test"]);
      }
    },
  );
});

describe("timeouts", () => {
  it("a stream that misses stream_timeout falls back to another group in another format", async () => {
    upstream = mockUpstreams({
      "https://rescued.test": () => sseResponse(stallingBody()),
      "https://claude.test": () => sseResponse(anthropicStream),
    });
    const result = await request("chat", "rescued", true);
    expect(routed(result)).toEqual({ status: 200, deployment: "claude", attempts: "2" });
    expect(result.response.headers.get("x-switchyard-translation")).toBe("openai-chat->anthropic-messages");
    const events = sseEvents(result.text);
    expect(events.at(-1)?.data).toBe("[DONE]");
    expect(dataOf(events.at(-2))).toMatchObject({ choices: [{ finish_reason: "tool_calls" }] });
    expect(hosts(upstream.requests)).toEqual(["rescued.test", "claude.test"]);
    expect(result.spendRecords[0]).toMatchObject({ status: 200, modelGroup: "claude", errorKind: null });
  });

  it("stream_timeout bounds only the wait for the first chunk, not the gaps after it", async () => {
    const [head, ...rest] = chatStream.split(/(?<=\n\n)/);
    let pulls = 0;
    const slowAfterFirst = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (pulls++ > 0) await new Promise((resolve) => setTimeout(resolve, 150));
        const next = pulls === 1 ? head : rest.join("");
        if (next === undefined || pulls > 2) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    upstream = mockUpstreams({ "https://patient.test": () => sseResponse(slowAfterFirst) });
    const result = await request("chat", "patient", true);
    expect(routed(result)).toEqual({ status: 200, deployment: "patient", attempts: "1" });
    expect(sseEvents(result.text).at(-1)?.data).toBe("[DONE]");
    expect(result.spendRecords[0]).toMatchObject({ status: 200, errorKind: null });
  });

  it("request_timeout applies to a deployment without its own timeout", async () => {
    upstream = mockUpstreams({ "https://unbounded.test": neverAnswers });
    const result = await request("anthropic", "unbounded", false);
    expect(result.response.status).toBe(504);
    expect(result.json()).toEqual(
      renderedError("anthropic", "upstream_timeout", "The hosted_vllm upstream did not answer in time."),
    );
    expect(result.spendRecords[0]).toMatchObject({ status: 504, errorKind: "upstream_timeout" });
  });
});

type MidStreamFault = "cut" | "reset" | "stall";
const midStreamBody = (fault: MidStreamFault, prefix: string) =>
  fault === "cut" ? prefix : fault === "reset" ? resettingBody(prefix) : stallingBody(prefix);

const CUT_MESSAGE = "The upstream stream ended before it was complete.";
const responsesCreated = (dataOf(sseEvents(responsesCut)[0]) as { response: Record<string, unknown> }).response;

/** Each client format on its fast path and on a translated path, with the closing it must end with. */
const midStreamPaths = [
  {
    client: "chat",
    group: "chat",
    host: "chat-a.test",
    deployment: "chat-a",
    prefix: chatCut,
    translation: "none",
    cutKind: "stream_incomplete",
    closing: (text: string) =>
      expect(text).toBe(
        `${chatCut}data: {"error":{"message":"${CUT_MESSAGE}","type":"api_error","code":"upstream_error"}}\n\ndata: [DONE]\n\n`,
      ),
  },
  {
    client: "anthropic",
    group: "claude",
    host: "claude.test",
    deployment: "claude",
    prefix: anthropicCut,
    translation: "none",
    cutKind: "stream_incomplete",
    closing: (text: string) =>
      expect(text).toBe(
        `${anthropicCut}event: error\ndata: {"type":"error","error":{"type":"api_error","message":"${CUT_MESSAGE}"}}\n\n`,
      ),
  },
  {
    client: "responses",
    group: "gpt",
    host: "gpt.test",
    deployment: "gpt",
    prefix: responsesCut,
    translation: "none",
    cutKind: "stream_incomplete",
    closing: (text: string) => {
      expect(text.startsWith(responsesCut)).toBe(true);
      const last = sseEvents(text).at(-1);
      expect(last?.event).toBe("response.failed");
      // The upstream's own response id and sequence continue, as SDKs check.
      expect(dataOf(last)).toEqual({
        type: "response.failed",
        sequence_number: 6,
        response: {
          ...responsesCreated,
          status: "failed",
          error: { code: "server_error", message: CUT_MESSAGE },
          output: [],
        },
      });
    },
  },
  {
    client: "chat",
    group: "claude",
    host: "claude.test",
    deployment: "claude",
    prefix: anthropicCut,
    translation: "openai-chat->anthropic-messages",
    cutKind: "upstream_error",
    closing: (text: string) => {
      const events = sseEvents(text).map(dataOf);
      expect(events.slice(-3)).toEqual([
        {
          error: {
            message: "The upstream stream ended before the message was complete.",
            type: "api_error",
            code: "upstream_error",
          },
        },
        {
          id: expect.stringMatching(/^chatcmpl-/),
          object: "chat.completion.chunk",
          created: expect.any(Number),
          model: "claude",
          choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }],
        },
        "[DONE]",
      ]);
    },
  },
  {
    client: "anthropic",
    group: "chat",
    host: "chat-a.test",
    deployment: "chat-a",
    prefix: chatCut,
    translation: "anthropic-messages->openai-chat",
    cutKind: "upstream_error",
    closing: (text: string) => {
      const events = sseEvents(text);
      expect(events.slice(-3).map((event) => event.event)).toEqual(["error", "message_delta", "message_stop"]);
      expect(events.slice(-3).map(dataOf)).toEqual([
        { type: "error", error: { type: "api_error", message: "The upstream stream ended before a finish reason." } },
        {
          type: "message_delta",
          delta: { stop_reason: "end_turn", stop_sequence: null },
          usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
        },
        { type: "message_stop" },
      ]);
    },
  },
  {
    client: "responses",
    group: "chat",
    host: "chat-a.test",
    deployment: "chat-a",
    prefix: chatCut,
    translation: "openai-responses->openai-chat",
    cutKind: "upstream_error",
    closing: (text: string) => {
      const events = sseEvents(text);
      const last = events.at(-1);
      expect(last?.event).toBe("response.failed");
      expect(dataOf(last)).toMatchObject({
        type: "response.failed",
        sequence_number: events.length - 1,
        response: {
          status: "failed",
          error: { code: "server_error", message: "The upstream stream ended before a finish reason." },
          output: [{ type: "message", content: [{ type: "output_text", text: "Right now in Paris: 18 °C, light" }] }],
        },
      });
    },
  },
] as const;

describe.each(midStreamPaths)("after the first byte: $client client, $group upstream", (path) => {
  const recordedAs = { cut: path.cutKind, reset: "upstream_stream_error", stall: "upstream_timeout" } as const;

  it.each<MidStreamFault>(["cut", "reset", "stall"])(
    "%s: the stream ends with the format's error closing, is not retried, and does not cool the deployment down",
    async (fault) => {
      upstream = mockUpstreams({ [`https://${path.host}`]: () => sseResponse(midStreamBody(fault, path.prefix)) });
      const result = await request(path.client, path.group, true);
      expect(routed(result)).toEqual({ status: 200, deployment: path.deployment, attempts: "1" });
      expect(result.response.headers.get("x-switchyard-translation")).toBe(path.translation);
      path.closing(result.text);
      expect(result.spendRecords).toHaveLength(1);
      expect(result.spendRecords[0]).toMatchObject({ status: 200, errorKind: recordedAs[fault] });

      // Failures after the first byte are the request's, not routing's: the same deployment serves the next one.
      const next = await request(path.client, path.group, true);
      expect(routed(next).attempts).toBe("1");
      expect(hosts(upstream.requests)).toEqual([path.host, path.host]);
    },
  );
});

describe("garbage from a 200 text/event-stream", () => {
  const garbage = { notSse: "<html><body>502 Bad Gateway</body></html>", notJson: "data: {oops\n\n" };

  it("fast path, not SSE at all: nothing of it reaches the client, which gets the error closing", async () => {
    upstream = mockUpstreams({ "https://chat-a.test": () => sseResponse(garbage.notSse) });
    const result = await request("chat", "chat", true);
    expect(routed(result)).toEqual({ status: 200, deployment: "chat-a", attempts: "1" });
    expect(result.text).toBe(
      `data: {"error":{"message":"${CUT_MESSAGE}","type":"api_error","code":"upstream_error"}}\n\ndata: [DONE]\n\n`,
    );
    expect(result.spendRecords[0]).toMatchObject({ status: 200, errorKind: "stream_incomplete" });
  });

  it("fast path, data that is not JSON: passed through as is, since the fast path never parses events", async () => {
    const body = `${garbage.notJson}data: [DONE]\n\n`;
    upstream = mockUpstreams({ "https://chat-a.test": () => sseResponse(body) });
    const result = await request("chat", "chat", true);
    expect(result.text).toBe(body);
    expect(result.spendRecords[0]).toMatchObject({ status: 200, errorKind: null });
  });

  it.each([
    ["not SSE at all", garbage.notSse, "The upstream stream ended before the message was complete."],
    [
      "an event whose data is not JSON",
      `event: message_start\n${garbage.notJson}`,
      "The upstream provider sent a malformed stream event.",
    ],
  ])("translated path, %s: an in-band error, then a finish chunk and [DONE]", async (_name, body, message) => {
    upstream = mockUpstreams({ "https://claude.test": () => sseResponse(body) });
    const result = await request("chat", "claude", true);
    expect(routed(result)).toEqual({ status: 200, deployment: "claude", attempts: "1" });
    const events = sseEvents(result.text).map(dataOf);
    expect(events).toEqual([
      expect.objectContaining({ choices: [expect.objectContaining({ delta: { role: "assistant", content: "" } })] }),
      { error: { message, type: "api_error", code: "upstream_error" } },
      expect.objectContaining({ choices: [expect.objectContaining({ delta: {}, finish_reason: "stop" })] }),
      "[DONE]",
    ]);
    expect(result.spendRecords[0]).toMatchObject({ status: 200, errorKind: "upstream_error" });
  });
});
