import { describe, expect, it } from "vitest";
import { openAiResponses } from "../../../../workers/core/formats/openai-responses/index.ts";
import type { IrStreamPart } from "../../../../workers/core/ir/stream-part.ts";
import type { Usage } from "../../../../workers/core/ir/usage.ts";
import streamFixture from "../../../fixtures/openai-responses/stream-reasoning-text-function-call.sse?raw";
import { chunkedStream } from "../../../helpers/mock-upstream.ts";
import { parseWrittenEvents, readAll, streamOf, type WrittenEvent } from "./stream-helpers.ts";

const context = { model: "team-codex", responseId: "resp_7c1e9a4b2d6f" };
const ENCRYPTED = "gAAAAABpIXq1R0t3Bv8Lm2Np4Qr6St8Uv0Wx2Yz4Ab6Cd8Ef0Gh2Ij4Kl6Mn8Op0Qr2St4Uv6Wx8Yz0Ab==";

const usage: Usage = {
  inputTokens: { total: 4821, noCache: 213, cacheRead: 4608, cacheWrite: 0 },
  outputTokens: { total: 173, text: 45, reasoning: 128 },
};
const wireUsage = {
  input_tokens: 4821,
  input_tokens_details: { cached_tokens: 4608 },
  output_tokens: 173,
  output_tokens_details: { reasoning_tokens: 128 },
  total_tokens: 4994,
};

async function encode(parts: IrStreamPart[]): Promise<{ text: string; events: WrittenEvent[] }> {
  const chunks = await readAll(streamOf(parts).pipeThrough(openAiResponses.createStreamEncoder(context)));
  const text = chunks.map((chunk) => new TextDecoder().decode(chunk)).join("");
  return { text, events: parseWrittenEvents(chunks) };
}

/** Every event is framed `event: <type>` + `data:` with the same type, numbered 0, 1, 2… */
function expectWellFramed(events: WrittenEvent[]): void {
  events.forEach((event, index) => {
    expect(event.event).toBe(event.data.type);
    expect(event.data.sequence_number).toBe(index);
  });
}

/** The payload of each event without the bookkeeping fields, created_at pinned. */
function payloads(events: WrittenEvent[]): Array<Record<string, unknown>> {
  return events.map(({ data }) => {
    const { sequence_number: _sequence, ...rest } = data;
    const response = rest.response as Record<string, unknown> | undefined;
    if (response) {
      expect(typeof response.created_at).toBe("number");
      return { ...rest, response: { ...response, created_at: 0 } };
    }
    return rest;
  });
}

const inProgress = {
  id: "resp_7c1e9a4b2d6f",
  object: "response",
  created_at: 0,
  status: "in_progress",
  error: null,
  incomplete_details: null,
  model: "team-codex",
  output: [],
  usage: null,
};

const reasoningDone = {
  id: "rs_0f3a9e",
  type: "reasoning",
  summary: [{ type: "summary_text", text: "Listing files." }],
  encrypted_content: ENCRYPTED,
};
const messageDone = {
  id: "msg_7c1e9a4b2d6f_1",
  type: "message",
  status: "completed",
  role: "assistant",
  content: [{ type: "output_text", annotations: [], logprobs: [], text: "Running ls." }],
};
const functionCallDone = {
  id: "fc_7c1e9a4b2d6f_2",
  type: "function_call",
  status: "completed",
  arguments: '{"cmd":"ls"}',
  call_id: "call_Hq7vR2mK9pXw4sT1nB6yLd3e",
  name: "exec_command",
};

describe("openAiResponses.createStreamEncoder", () => {
  it("writes the complete event grammar, numbered, ending in response.completed with usage", async () => {
    const { text, events } = await encode([
      // An Anthropic-style id is replaced by a resp_ id.
      { type: "response-start", id: "msg_01XFDUDYJgAACzvnptvVoYEL", model: "claude-sonnet-4-5" },
      { type: "reasoning-start", index: 0, id: "rs_0f3a9e" },
      { type: "reasoning-delta", index: 0, delta: "Listing " },
      { type: "reasoning-delta", index: 0, delta: "files." },
      { type: "reasoning-encrypted", index: 0, encryptedContent: ENCRYPTED },
      { type: "reasoning-end", index: 0 },
      { type: "text-start", index: 1 },
      { type: "text-delta", index: 1, delta: "Running " },
      { type: "text-delta", index: 1, delta: "ls." },
      { type: "text-end", index: 1 },
      { type: "tool-call-start", index: 2, id: "call_Hq7vR2mK9pXw4sT1nB6yLd3e", name: "exec_command" },
      { type: "tool-call-delta", index: 2, argumentsDelta: '{"cmd"' },
      { type: "tool-call-delta", index: 2, argumentsDelta: ':"ls"}' },
      { type: "tool-call-end", index: 2 },
      { type: "finish", finishReason: "tool-calls", rawFinishReason: "tool_use", usage },
    ]);
    expect(text.startsWith('event: response.created\ndata: {"type":"response.created","sequence_number":0,')).toBe(
      true,
    );
    expectWellFramed(events);
    const rs = { item_id: "rs_0f3a9e", output_index: 0 };
    const msg = { item_id: "msg_7c1e9a4b2d6f_1", output_index: 1 };
    const fc = { item_id: "fc_7c1e9a4b2d6f_2", output_index: 2 };
    expect(payloads(events)).toStrictEqual([
      { type: "response.created", response: inProgress },
      { type: "response.in_progress", response: inProgress },
      {
        type: "response.output_item.added",
        output_index: 0,
        item: { id: "rs_0f3a9e", type: "reasoning", summary: [] },
      },
      {
        type: "response.reasoning_summary_part.added",
        ...rs,
        summary_index: 0,
        part: { type: "summary_text", text: "" },
      },
      { type: "response.reasoning_summary_text.delta", ...rs, summary_index: 0, delta: "Listing " },
      { type: "response.reasoning_summary_text.delta", ...rs, summary_index: 0, delta: "files." },
      { type: "response.reasoning_summary_text.done", ...rs, summary_index: 0, text: "Listing files." },
      {
        type: "response.reasoning_summary_part.done",
        ...rs,
        summary_index: 0,
        part: { type: "summary_text", text: "Listing files." },
      },
      { type: "response.output_item.done", output_index: 0, item: reasoningDone },
      {
        type: "response.output_item.added",
        output_index: 1,
        item: { id: "msg_7c1e9a4b2d6f_1", type: "message", status: "in_progress", role: "assistant", content: [] },
      },
      {
        type: "response.content_part.added",
        ...msg,
        content_index: 0,
        part: { type: "output_text", annotations: [], logprobs: [], text: "" },
      },
      { type: "response.output_text.delta", ...msg, content_index: 0, delta: "Running ", logprobs: [] },
      { type: "response.output_text.delta", ...msg, content_index: 0, delta: "ls.", logprobs: [] },
      { type: "response.output_text.done", ...msg, content_index: 0, text: "Running ls.", logprobs: [] },
      {
        type: "response.content_part.done",
        ...msg,
        content_index: 0,
        part: { type: "output_text", annotations: [], logprobs: [], text: "Running ls." },
      },
      { type: "response.output_item.done", output_index: 1, item: messageDone },
      {
        type: "response.output_item.added",
        output_index: 2,
        item: { ...functionCallDone, status: "in_progress", arguments: "" },
      },
      { type: "response.function_call_arguments.delta", ...fc, delta: '{"cmd"' },
      { type: "response.function_call_arguments.delta", ...fc, delta: ':"ls"}' },
      { type: "response.function_call_arguments.done", ...fc, arguments: '{"cmd":"ls"}' },
      { type: "response.output_item.done", output_index: 2, item: functionCallDone },
      {
        type: "response.completed",
        response: {
          ...inProgress,
          status: "completed",
          output: [reasoningDone, messageDone, functionCallDone],
          usage: wireUsage,
        },
      },
    ]);
  });

  it("ends a length finish with response.incomplete and incomplete_details max_output_tokens", async () => {
    const { events } = await encode([
      { type: "response-start", id: "resp_upstream42", model: "gpt-5.1" },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "The essay begins" },
      { type: "text-end", index: 0 },
      { type: "finish", finishReason: "length", rawFinishReason: "max_output_tokens", usage },
    ]);
    expectWellFramed(events);
    expect(events.map((event) => event.data.type)).toStrictEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.incomplete",
    ]);
    expect(events.at(-1)?.data.response).toMatchObject({
      id: "resp_upstream42",
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
      usage: wireUsage,
    });
  });

  it("turns a budget error into response.failed with insufficient_quota, after closing the open message", async () => {
    const partial: Usage = {
      inputTokens: { total: 900, noCache: 900, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 12, text: 12, reasoning: 0 },
    };
    const { events } = await encode([
      { type: "response-start", id: "resp_upstream42", model: "gpt-5.1" },
      { type: "text-start", index: 0 },
      { type: "text-delta", index: 0, delta: "Partial answer" },
      { type: "error", code: "budget_exceeded", message: "Budget exhausted for key sk-…a1b2 (limit $50.00)." },
      { type: "finish", finishReason: "error", usage: partial },
    ]);
    expectWellFramed(events);
    expect(events.map((event) => event.data.type)).toStrictEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.failed",
    ]);
    expect(payloads(events).at(-1)).toStrictEqual({
      type: "response.failed",
      response: {
        ...inProgress,
        id: "resp_upstream42",
        status: "failed",
        error: { code: "insufficient_quota", message: "Budget exhausted for key sk-…a1b2 (limit $50.00)." },
        output: [
          {
            id: "msg_upstream42_0",
            type: "message",
            status: "completed",
            role: "assistant",
            content: [{ type: "output_text", annotations: [], logprobs: [], text: "Partial answer" }],
          },
        ],
        usage: {
          input_tokens: 900,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: 12,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: 912,
        },
      },
    });
  });

  it("still writes created, in_progress and failed when the gateway fails before any content", async () => {
    const { events } = await encode([
      { type: "error", code: "upstream_timeout", message: "The upstream did not answer in time." },
      { type: "finish", finishReason: "error", usage },
    ]);
    expectWellFramed(events);
    expect(payloads(events)).toStrictEqual([
      { type: "response.created", response: inProgress },
      { type: "response.in_progress", response: inProgress },
      {
        type: "response.failed",
        response: {
          ...inProgress,
          status: "failed",
          error: { code: "server_error", message: "The upstream did not answer in time." },
          usage: wireUsage,
        },
      },
    ]);
  });

  it("fails the response if the IR stream ends without a finish", async () => {
    const { events } = await encode([{ type: "response-start", id: "", model: "" }]);
    expect(events.map((event) => event.data.type)).toStrictEqual([
      "response.created",
      "response.in_progress",
      "response.failed",
    ]);
    expect(events.at(-1)?.data.response).toMatchObject({
      error: { code: "server_error", message: "The response ended unexpectedly." },
    });
  });

  it("round-trips a real upstream stream: decoding what it encoded gives the same IR parts", async () => {
    const decoded = await readAll(
      chunkedStream(streamFixture, [23, 5]).pipeThrough(openAiResponses.createStreamDecoder()),
    );
    const reencoded = streamOf(decoded)
      .pipeThrough(openAiResponses.createStreamEncoder(context))
      .pipeThrough(openAiResponses.createStreamDecoder());
    const parts = await readAll(reencoded);
    const withoutRaw = (list: IrStreamPart[]) =>
      list.map((part) => (part.type === "finish" ? { ...part, usage: { ...part.usage, raw: undefined } } : part));
    // The ids are the upstream's (resp_…, rs_…) and only the model name changes to the client's.
    expect(withoutRaw(parts)).toStrictEqual(
      withoutRaw(decoded.map((part) => (part.type === "response-start" ? { ...part, model: "team-codex" } : part))),
    );
  });
});
