/**
 * The format × provider matrix: every inbound API against every upstream
 * format, streaming and not, with tool calls. The expected answer is not
 * hard-coded: the upstream fixture is decoded with the upstream's own adapter,
 * the client's answer with the client's adapter, and the two must carry the
 * same tool calls (names and parsed arguments), finish reason and usage.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ApiFormat } from "../../workers/core/formats/api-format.ts";
import { inboundAdapterFor, outboundAdapterFor } from "../../workers/core/formats/format-registry.ts";
import type { IrAssistantPart } from "../../workers/core/ir/request.ts";
import type { FinishReason } from "../../workers/core/ir/response.ts";
import type { IrStreamPart } from "../../workers/core/ir/stream-part.ts";
import type { ProviderFormat } from "../../workers/core/providers/provider-format.ts";
import { type EventStreamFixtureEvent, encodeEventStreamFixture } from "../core/providers/aws/event-stream-fixture.ts";
import anthropicSse from "../fixtures/anthropic-messages/stream-thinking-text-tool-use.sse?raw";
import anthropicJson from "../fixtures/anthropic-messages/tool-use-response.json";
import bedrockJson from "../fixtures/bedrock-converse/response-tool-use.json";
import bedrockStreamEvents from "../fixtures/bedrock-converse/stream-reasoning-tool-use.json";
import geminiJson from "../fixtures/gemini/non-stream-function-call.json";
import geminiSse from "../fixtures/gemini/stream-thoughts-text-function-call.sse?raw";
import chatJson from "../fixtures/openai-chat/non-stream-tool-calls.json";
import chatSse from "../fixtures/openai-chat/stream-parallel-tool-calls.sse?raw";
import responsesJson from "../fixtures/openai-responses/response-function-call.json";
import responsesSse from "../fixtures/openai-responses/stream-reasoning-text-function-call.sse?raw";
import { activateConfig, TEST_MASTER_KEY } from "../helpers/activate-config.ts";
import { callGateway } from "../helpers/call-gateway.ts";
import { mockUpstreams } from "../helpers/mock-upstream.ts";

interface Upstream {
  modelGroup: string;
  format: ProviderFormat;
  origin: string;
  json: unknown;
  streamBytes: () => Uint8Array;
  streamContentType: string;
}

const encoder = new TextEncoder();
const upstreams: Upstream[] = [
  {
    modelGroup: "up-openai",
    format: "openai-chat",
    origin: "https://openai.test",
    json: chatJson,
    streamBytes: () => encoder.encode(chatSse),
    streamContentType: "text/event-stream",
  },
  {
    modelGroup: "up-responses",
    format: "openai-responses",
    origin: "https://api.openai.com",
    json: responsesJson,
    streamBytes: () => encoder.encode(responsesSse),
    streamContentType: "text/event-stream",
  },
  {
    modelGroup: "up-anthropic",
    format: "anthropic-messages",
    origin: "https://anthropic.test",
    json: anthropicJson,
    streamBytes: () => encoder.encode(anthropicSse),
    streamContentType: "text/event-stream",
  },
  {
    modelGroup: "up-gemini",
    format: "gemini",
    origin: "https://generativelanguage.googleapis.com",
    json: geminiJson,
    streamBytes: () => encoder.encode(geminiSse),
    streamContentType: "text/event-stream",
  },
  {
    modelGroup: "up-bedrock",
    format: "bedrock-converse",
    origin: "https://bedrock-runtime.us-east-1.amazonaws.com",
    json: bedrockJson,
    streamBytes: () => encodeEventStreamFixture(bedrockStreamEvents as EventStreamFixtureEvent[]),
    streamContentType: "application/vnd.amazon.eventstream",
  },
];

const config = `
model_list:
  - { model_name: up-openai, litellm_params: { model: hosted_vllm/qwen3-coder, api_base: "https://openai.test/v1", api_key: sk-up } }
  - { model_name: up-responses, litellm_params: { model: openai/gpt-5-codex, api_key: sk-up }, model_info: { mode: responses } }
  - { model_name: up-anthropic, litellm_params: { model: anthropic/claude-sonnet-4-5, api_base: "https://anthropic.test", api_key: sk-ant-up } }
  - { model_name: up-gemini, litellm_params: { model: gemini/gemini-2.5-flash, api_key: gm-up } }
  - { model_name: up-bedrock, litellm_params: { model: bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0, aws_access_key_id: AKIDEXAMPLE, aws_secret_access_key: secret, aws_region_name: us-east-1 } }
general_settings: { master_key: ${TEST_MASTER_KEY} }
litellm_settings: { drop_params: true }
`;

const weatherTool = {
  name: "get_weather",
  description: "Weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

function clientRequest(format: ApiFormat, model: string, stream: boolean): { path: string; body: unknown } {
  const question = "What's the weather in Paris?";
  switch (format) {
    case "openai-chat":
      return {
        path: "/v1/chat/completions",
        body: {
          model,
          stream,
          // Chat clients see usage in a stream only when they ask for it.
          ...(stream ? { stream_options: { include_usage: true } } : {}),
          messages: [{ role: "user", content: question }],
          tools: [{ type: "function", function: weatherTool }],
        },
      };
    case "openai-responses":
      return {
        path: "/v1/responses",
        body: {
          model,
          stream,
          input: [{ role: "user", content: [{ type: "input_text", text: question }] }],
          tools: [{ type: "function", ...weatherTool }],
        },
      };
    case "anthropic-messages":
      return {
        path: "/v1/messages",
        body: {
          model,
          stream,
          max_tokens: 1024,
          messages: [{ role: "user", content: question }],
          tools: [
            { name: weatherTool.name, description: weatherTool.description, input_schema: weatherTool.parameters },
          ],
        },
      };
    case "gemini":
      return {
        path: `/v1beta/models/${model}:${stream ? "streamGenerateContent?alt=sse" : "generateContent"}`,
        body: {
          contents: [{ role: "user", parts: [{ text: question }] }],
          tools: [{ functionDeclarations: [weatherTool] }],
        },
      };
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

interface Summary {
  toolCalls: Array<{ name: string; arguments: unknown }>;
  text: string;
  finishReason: FinishReason | undefined;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
}

function summarizeParts(
  content: IrAssistantPart[],
  finishReason: FinishReason,
  input: number,
  output: number,
): Summary {
  return {
    toolCalls: content.flatMap((part) =>
      part.type === "tool-call" ? [{ name: part.name, arguments: JSON.parse(part.arguments || "{}") }] : [],
    ),
    text: content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join(""),
    finishReason,
    inputTokens: input,
    outputTokens: output,
  };
}

async function summarizeStream(stream: ReadableStream<IrStreamPart>): Promise<Summary> {
  const calls = new Map<number, { name: string; arguments: string }>();
  let text = "";
  let finish: Extract<IrStreamPart, { type: "finish" }> | undefined;
  for await (const part of stream) {
    if (part.type === "tool-call-start") calls.set(part.index, { name: part.name, arguments: "" });
    if (part.type === "tool-call-delta") {
      const call = calls.get(part.index);
      if (call) call.arguments += part.argumentsDelta;
    }
    if (part.type === "text-delta") text += part.delta;
    if (part.type === "finish") finish = part;
  }
  return {
    toolCalls: [...calls.values()].map((call) => ({ name: call.name, arguments: JSON.parse(call.arguments || "{}") })),
    text,
    finishReason: finish?.finishReason,
    inputTokens: finish?.usage.inputTokens.total,
    outputTokens: finish?.usage.outputTokens.total,
  };
}

function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new Response(bytes).body ?? new ReadableStream();
}

async function expectedFromUpstream(upstream: Upstream, stream: boolean): Promise<Summary> {
  const adapter = outboundAdapterFor(upstream.format);
  if (!stream) {
    const decoded = adapter.decodeResponse(upstream.json);
    return summarizeParts(
      decoded.content,
      decoded.finishReason,
      decoded.usage.inputTokens.total,
      decoded.usage.outputTokens.total,
    );
  }
  return summarizeStream(bytesStream(upstream.streamBytes()).pipeThrough(adapter.createStreamDecoder()));
}

async function receivedByClient(format: ApiFormat, stream: boolean, text: string): Promise<Summary> {
  const adapter = inboundAdapterFor(format);
  if (!stream) {
    const decoded = adapter.decodeResponse(JSON.parse(text));
    return summarizeParts(
      decoded.content,
      decoded.finishReason,
      decoded.usage.inputTokens.total,
      decoded.usage.outputTokens.total,
    );
  }
  return summarizeStream(bytesStream(encoder.encode(text)).pipeThrough(adapter.createStreamDecoder()));
}

let upstreamMock: ReturnType<typeof mockUpstreams> | undefined;
beforeAll(async () => {
  await activateConfig(config);
});
afterEach(() => upstreamMock?.restore());

const inboundFormats: ApiFormat[] = ["openai-chat", "openai-responses", "anthropic-messages", "gemini"];

describe.each(inboundFormats)("%s clients", (inbound) => {
  describe.each(upstreams)("→ $format upstream", (upstream) => {
    it.each([false, true])("stream=%s: same tool calls, finish reason and usage reach the client", async (stream) => {
      upstreamMock = mockUpstreams({
        [upstream.origin]: () =>
          stream
            ? new Response(bytesStream(upstream.streamBytes()).pipeThrough(rechunk([1, 9, 64, 5])), {
                headers: { "content-type": upstream.streamContentType },
              })
            : Response.json(upstream.json),
      });
      const request = clientRequest(inbound, upstream.modelGroup, stream);
      const result = await callGateway(request.path, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_MASTER_KEY}`, "content-type": "application/json" },
        body: JSON.stringify(request.body),
      });
      expect(result.response.status, result.text).toBe(200);
      expect(upstreamMock.requests).toHaveLength(1);
      const translation = result.response.headers.get("x-switchyard-translation");
      expect(translation).toBe(inbound === upstream.format ? "none" : `${inbound}->${upstream.format}`);

      const expected = await expectedFromUpstream(upstream, stream);
      const received = await receivedByClient(inbound, stream, result.text);
      expect(expected.toolCalls.length).toBeGreaterThan(0);
      expect(received.toolCalls).toEqual(expected.toolCalls);
      expect(received.text).toBe(expected.text);
      expect(received.finishReason).toBe("tool-calls");
      expect(received.inputTokens).toBe(expected.inputTokens);
      expect(received.outputTokens).toBe(expected.outputTokens);
      expect(result.spendRecords).toHaveLength(1);
      expect(result.spendRecords[0]).toMatchObject({
        status: 200,
        inputTokens: expected.inputTokens,
        outputTokens: expected.outputTokens,
      });
    });
  });
});

/** Re-splits a byte stream at awkward sizes, so every decoder sees events cut mid-way. */
function rechunk(sizes: number[]): TransformStream<Uint8Array, Uint8Array> {
  let index = 0;
  return new TransformStream({
    transform(chunk, controller) {
      let offset = 0;
      while (offset < chunk.length) {
        const size = sizes[index++ % sizes.length] ?? chunk.length;
        controller.enqueue(chunk.slice(offset, offset + size));
        offset += size;
      }
    },
  });
}
